import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, createEventFactory, createIdSource, type AnyEvent, type Bar } from '../core/index.js';
import { InProcessMessageBus } from './MessageBus.js';
import { TOPICS } from './switchboard.js';

const bar = (ts: number): Bar => ({ instrumentId: 'X.SIM', timeframe: '1m', ts, open: 1, high: 1, low: 1, close: 1, volume: 1 });

describe('in-process message bus', () => {
  it('delivers every handler of a message before any consequence of it (FIFO)', () => {
    const bus = new InProcessMessageBus();
    const seen: string[] = [];
    bus.subscribe(TOPICS.bar, (b) => {
      seen.push(`a${b.ts}`);
      if (b.ts === 1) bus.publish(TOPICS.bar, bar(2));
    });
    bus.subscribe(TOPICS.bar, (b) => seen.push(`b${b.ts}`));
    bus.publish(TOPICS.bar, bar(1));
    assert.deepEqual(seen, ['a1', 'b1', 'a2', 'b2']);
  });

  it('journals an event before any handler sees it, and delivers by type and to event listeners', () => {
    const bus = new InProcessMessageBus();
    const clock = new SimulatedClock(0);
    const factory = createEventFactory('test', clock, createIdSource(clock, 1));
    const log: string[] = [];
    bus.setJournal((e) => log.push(`journal:${e.type}`));
    bus.subscribe('OrderRejected', (e) => log.push(`typed:${e.payload.reason}`));
    bus.subscribePattern('Order*', (e) => log.push(`pattern:${e.type}`));
    bus.subscribeEvents((e: AnyEvent) => log.push(`all:${e.type}`));
    bus.emit(factory.create('OrderRejected', { clientOrderId: 'c1', reason: 'no' }, { key: 'X' }));
    assert.deepEqual(log, ['journal:OrderRejected', 'typed:no', 'pattern:OrderRejected', 'all:OrderRejected']);
  });

  it('delivers an event another process already journaled without journaling it again', () => {
    const bus = new InProcessMessageBus();
    const clock = new SimulatedClock(0);
    const factory = createEventFactory('test', clock, createIdSource(clock, 1));
    const log: string[] = [];
    bus.setJournal((e) => log.push(`journal:${e.type}`));
    bus.subscribe('OrderRejected', (e) => log.push(`typed:${e.payload.reason}`));
    bus.subscribeEvents((e: AnyEvent) => log.push(`all:${e.type}`));
    bus.deliver(factory.create('OrderRejected', { clientOrderId: 'c1', reason: 'no' }, { key: 'X' }));
    assert.deepEqual(log, ['typed:no', 'all:OrderRejected']);
  });

  it('routes point-to-point messages to the one registered endpoint', () => {
    const bus = new InProcessMessageBus();
    const got: string[] = [];
    bus.register('ExecutionEngine.cancel', (m) => got.push(m.clientOrderId));
    assert.throws(() => bus.register('ExecutionEngine.cancel', () => undefined), /already has a handler/);
    bus.send('ExecutionEngine.cancel', { clientOrderId: 'c9', reason: 'test' });
    assert.deepEqual(got, ['c9']);
    assert.throws(() => bus.send('RiskEngine.evaluate', {} as never), /no handler/);
  });

  it('a throwing handler surfaces and leaves the bus usable', () => {
    const bus = new InProcessMessageBus();
    let calls = 0;
    const off = bus.subscribe(TOPICS.bar, () => {
      throw new Error('boom');
    });
    bus.subscribe(TOPICS.bar, () => calls++);
    assert.throws(() => bus.publish(TOPICS.bar, bar(1)), /boom/);
    off();
    bus.publish(TOPICS.bar, bar(2));
    assert.equal(calls, 1);
  });

  it('a custom error policy isolates a failing handler', () => {
    const errors: string[] = [];
    const bus = new InProcessMessageBus((error, where) => errors.push(`${where}:${(error as Error).message}`));
    let calls = 0;
    bus.subscribe(TOPICS.bar, () => {
      throw new Error('boom');
    });
    bus.subscribe(TOPICS.bar, () => calls++);
    bus.publish(TOPICS.bar, bar(1));
    assert.equal(calls, 1);
    assert.deepEqual(errors, ['data.bar:boom']);
  });
});
