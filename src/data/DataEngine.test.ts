import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../core/index.js';
import type { Bar, Timeframe } from '../core/index.js';
import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import { DataEngine } from './DataEngine.js';
import type { DataEngineOptions } from './DataEngine.js';

const T0 = Date.UTC(2024, 0, 2, 9, 0);
const MIN = 60_000;

function setup(options: Partial<DataEngineOptions> = {}): { bus: InProcessMessageBus; engine: DataEngine; seen: Bar[] } {
  const bus = new InProcessMessageBus();
  const engine = new DataEngine({ bus, logger: silentLogger, ...options });
  engine.start();
  const seen: Bar[] = [];
  bus.subscribe(TOPICS.bar, (bar) => seen.push(bar));
  return { bus, engine, seen };
}

function publishMinutes(bus: InProcessMessageBus, instrumentId: string, count: number, startMs = T0): void {
  for (let i = 0; i < count; i++) {
    const price = 100 + i;
    bus.publish(TOPICS.bar, { instrumentId, timeframe: '1m', ts: startMs + i * MIN, open: price, high: price + 0.5, low: price - 0.5, close: price + 0.25, volume: 10 });
  }
}

const of = (seen: Bar[], timeframe: Timeframe, instrumentId = 'A.SIM'): Bar[] => seen.filter((b) => b.timeframe === timeframe && b.instrumentId === instrumentId);

describe('DataEngine', () => {
  it('publishes 5-minute bars built from the 1-minute bars on the bus', () => {
    const { bus, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    publishMinutes(bus, 'A.SIM', 10);
    assert.deepEqual(of(seen, '5m'), [
      { instrumentId: 'A.SIM', timeframe: '5m', ts: T0, open: 100, high: 104.5, low: 99.5, close: 104.25, volume: 50 },
      { instrumentId: 'A.SIM', timeframe: '5m', ts: T0 + 5 * MIN, open: 105, high: 109.5, low: 104.5, close: 109.25, volume: 50 },
    ]);
    assert.equal(of(seen, '1m').length, 10);
  });

  it('publishes a completed bar right after the minute that completes it', () => {
    const { bus, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    publishMinutes(bus, 'A.SIM', 5);
    assert.deepEqual(seen.map((b) => b.timeframe), ['1m', '1m', '1m', '1m', '1m', '5m']);
  });

  it('does not re-aggregate the bars it publishes itself', () => {
    const { bus, seen } = setup();
    for (const timeframe of ['5m', '15m', '1h'] as const) bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe });
    publishMinutes(bus, 'A.SIM', 60);
    assert.equal(of(seen, '5m').length, 12);
    assert.deepEqual(of(seen, '15m').map((b) => b.volume), [150, 150, 150, 150]);
    assert.deepEqual(of(seen, '1h').map((b) => [b.open, b.close, b.volume]), [[100, 159.25, 600]]);
  });

  it('adds nothing for a subscription equal to the incoming timeframe, and subscribes once per timeframe', () => {
    const { bus, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '1m' });
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    publishMinutes(bus, 'A.SIM', 5);
    assert.equal(of(seen, '1m').length, 5);
    assert.equal(of(seen, '5m').length, 1);
  });

  it('keeps instruments apart and ignores instruments nobody subscribed to', () => {
    const { bus, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    publishMinutes(bus, 'A.SIM', 5);
    publishMinutes(bus, 'B.SIM', 5);
    assert.equal(of(seen, '5m', 'A.SIM').length, 1);
    assert.equal(of(seen, '5m', 'B.SIM').length, 0);
  });

  it('builds bars from ticks', () => {
    const { bus, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '1m' });
    for (const [offsetMs, price] of [[0, 10], [20_000, 12], [40_000, 9], [61_000, 11]] as const) {
      bus.publish(TOPICS.tick, { instrumentId: 'A.SIM', ts: T0 + offsetMs, price, size: 5 });
    }
    assert.deepEqual(of(seen, '1m'), [{ instrumentId: 'A.SIM', timeframe: '1m', ts: T0, open: 10, high: 12, low: 9, close: 9, volume: 15 }]);
  });

  it('publishes the partial last bars on flush', () => {
    const { bus, engine, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '1h' });
    publishMinutes(bus, 'A.SIM', 7);
    assert.equal(of(seen, '1h').length, 0);
    engine.flush();
    assert.deepEqual(of(seen, '1h').map((b) => [b.ts, b.open, b.close, b.volume]), [[T0, 100, 106.25, 70]]);
  });

  it('breaks daily bars at the session midnight it is given', () => {
    const { bus, engine, seen } = setup({ sessionOffsetFor: () => () => 19_800_000 });
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '1d' });
    publishMinutes(bus, 'A.SIM', 3, Date.UTC(2024, 0, 2, 3, 45));
    publishMinutes(bus, 'A.SIM', 3, Date.UTC(2024, 0, 2, 20, 0));
    engine.flush();
    assert.deepEqual(of(seen, '1d').map((b) => b.ts), [Date.UTC(2024, 0, 1, 18, 30), Date.UTC(2024, 0, 2, 18, 30)]);
  });

  it('stops aggregating after stop()', () => {
    const { bus, engine, seen } = setup();
    bus.send(ENDPOINTS.dataSubscribeBars, { instrumentId: 'A.SIM', timeframe: '5m' });
    engine.stop();
    publishMinutes(bus, 'A.SIM', 5);
    assert.equal(of(seen, '5m').length, 0);
  });
});
