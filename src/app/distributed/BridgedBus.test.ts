import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore } from '../../adapters/index.js';
import { SimulatedClock, createEventFactory, createIdSource, silentLogger } from '../../core/index.js';
import { BridgedBus } from './BridgedBus.js';
import { DurableOutbox } from './DurableOutbox.js';
import type { TransportMessage } from './transportPorts.js';

function setup() {
  const store = new MemoryEventStore();
  const published: TransportMessage[] = [];
  const outbox = new DurableOutbox({ store, publisher: { publish: (m) => published.push(m), flush: () => Promise.resolve() }, logger: silentLogger });
  const bus = new BridgedBus({ store, outbox });
  const clock = new SimulatedClock(0);
  const factory = createEventFactory('test', clock, createIdSource(clock, 1));
  const seen: string[] = [];
  bus.subscribe('OrderRejected', (e) => seen.push(e.payload.clientOrderId));
  const event = (id: string) => factory.create('OrderRejected', { clientOrderId: id, reason: 'r' }, { key: 'X', idempotencyKey: `k:${id}` });
  return { store, published, outbox, bus, seen, event };
}

describe('bridged bus', () => {
  it("journals and publishes its own events, publishing only once the store has them", async () => {
    const { store, published, outbox, bus, seen, event } = setup();
    bus.emit(event('a'));
    assert.deepEqual(seen, ['a'], 'delivered locally at once');
    assert.equal(published.length, 0, 'not published before the store is flushed');
    await outbox.settle();
    assert.equal(published.length, 1);
    assert.equal((await store.read()).length, 1);
  });

  it('delivers an event from another service once, without journaling or publishing it', async () => {
    const { store, published, outbox, bus, seen, event } = setup();
    const remote = event('b');
    assert.equal(bus.deliverRemote(remote), true);
    assert.equal(bus.deliverRemote(remote), false, 'a redelivery changes nothing');
    await outbox.settle();
    assert.deepEqual(seen, ['b']);
    assert.equal(published.length, 0);
    assert.equal((await store.read()).length, 0);
  });

  it('in shadow mode (a restart re-running acknowledged input) delivers what it emits but neither journals nor publishes it', async () => {
    const { store, published, outbox, bus, seen, event } = setup();
    bus.setShadow(true);
    bus.emit(event('c'));
    bus.setShadow(false);
    await outbox.settle();
    assert.deepEqual(seen, ['c']);
    assert.equal(published.length, 0);
    assert.equal((await store.read()).length, 0);
    assert.equal(bus.deliverRemote(event('c')), false, 'its own event coming back from the transport is a duplicate');
  });
});
