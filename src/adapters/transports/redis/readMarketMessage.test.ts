import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barMessage, tickMessage } from './marketMessage.js';
import { readMarketMessage } from './readMarketMessage.js';
import { TransportFixtures } from './redisTransportFixtures.js';
import { marketMessageSchema } from './transportSchemas.js';

/** The fast path must accept exactly what the schema accepts, with the same result (unknown fields dropped). */
function agrees(value: unknown): void {
  const parsed = marketMessageSchema.safeParse(value);
  const fast = readMarketMessage(value);
  if (parsed.success) assert.deepEqual(fast, parsed.data, JSON.stringify(value));
  else assert.equal(fast, undefined, JSON.stringify(value));
}

describe('reading a market message on the fast path', () => {
  const fixtures = new TransportFixtures();
  const tick = JSON.parse(JSON.stringify(tickMessage({ instrumentId: 'AAPL.NASDAQ', ts: 1_700_000_000_000, price: 187.25, size: 10 }, 3))) as Record<string, unknown>;
  const quoted = JSON.parse(JSON.stringify(tickMessage({ instrumentId: 'AAPL.NASDAQ', ts: 1, price: 1, size: 0, bid: 0.99, ask: 1.01 }, 0))) as Record<string, unknown>;
  const bar = JSON.parse(JSON.stringify(barMessage(fixtures.bar('AAPL', 2)))) as Record<string, unknown>;
  const inner = (message: Record<string, unknown>, field: 'tick' | 'bar', change: Record<string, unknown>): Record<string, unknown> => ({
    ...message, [field]: { ...(message[field] as Record<string, unknown>), ...change },
  });

  it('accepts ticks and bars exactly as the schema does, dropping fields it does not know', () => {
    for (const value of [tick, quoted, bar, { ...tick, extra: 1 }, inner(tick, 'tick', { venue: 'X' }), inner(bar, 'bar', { trades: 4 })]) {
      agrees(value);
      assert.notEqual(readMarketMessage(value), undefined);
    }
    assert.equal('extra' in readMarketMessage({ ...tick, extra: 1 })!, false);
  });

  it('leaves to the schema everything it refuses', () => {
    const bad: unknown[] = [
      null, [], 'tick', { ...tick, kind: 'quote' }, { ...tick, key: '' }, { ...tick, idempotencyKey: 7 }, { ...tick, tick: null },
      inner(tick, 'tick', { instrumentId: '' }), inner(tick, 'tick', { ts: '1' }), inner(tick, 'tick', { price: null }), inner(tick, 'tick', { size: -1 }),
      inner(tick, 'tick', { bid: null }), inner(tick, 'tick', { ask: 'x' }), inner(bar, 'bar', { timeframe: '2m' }), inner(bar, 'bar', { volume: -1 }),
      inner(bar, 'bar', { close: undefined }), { ...bar, bar: [] }, { kind: 'bar', key: 'A', idempotencyKey: 'k', tick: tick.tick },
    ];
    for (const value of bad) {
      agrees(value);
      assert.equal(readMarketMessage(value), undefined, JSON.stringify(value));
    }
  });
});
