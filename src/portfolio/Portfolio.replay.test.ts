import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_BOOK, SimulatedClock, createEventFactory, createIdSource, createInstrument, createRandom, silentLogger } from '../core/index.js';
import type { AnyEvent, Instrument, PositionSnapshot } from '../core/index.js';
import { InProcessMessageBus, TOPICS } from '../bus/index.js';
import { Portfolio } from './index.js';

const INSTRUMENTS: readonly Instrument[] = [
  createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 }),
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25, multiplier: 1 }),
  createInstrument({ symbol: 'BTCUSD', exchange: 'COINBASE', assetClass: 'CRYPTO', tickSize: 0.01, lotSize: 0.0001 }),
];
const ACCOUNTS = [
  { accountId: 'US', currency: 'USD', startingCashMinor: 10_000_000 },
  { accountId: 'IN', currency: 'INR', startingCashMinor: 500_000_000 },
];
const STRATEGIES = ['trend', 'meanrev', 'manual'] as const;

function createPortfolio(bus = new InProcessMessageBus(), clock = new SimulatedClock(0)): Portfolio {
  const byId = new Map(INSTRUMENTS.map((i) => [i.id, i]));
  return new Portfolio({
    bus,
    clock,
    ids: createIdSource(clock, 3),
    logger: silentLogger,
    instruments: { get: (id) => byId.get(id), all: () => INSTRUMENTS },
    accounts: ACCOUNTS,
  });
}

/** Runs a live portfolio on a real bus through random fills, bars and redeliveries; returns every event in order. */
function runLive(fills: number): { live: Portfolio; log: AnyEvent[] } {
  const clock = new SimulatedClock(1_700_000_000_000);
  const bus = new InProcessMessageBus();
  const log: AnyEvent[] = [];
  bus.subscribeEvents((event) => log.push(event));
  const live = createPortfolio(bus, clock);
  live.start();
  const execution = createEventFactory('execution', clock, createIdSource(clock, 9));
  const random = createRandom(42);
  const prices = [100, 22_000, 60_000];
  const sent: AnyEvent[] = [];
  for (let n = 0; n < fills; n++) {
    clock.advanceTo(clock.nowMs() + 1 + random.int(1_000));
    const index = random.int(INSTRUMENTS.length);
    const instrument = INSTRUMENTS[index]!;
    prices[index] = Math.max(1, prices[index]! + (random.int(41) - 20) * instrument.tickSize * 10);
    const price = Math.round(prices[index]! / instrument.tickSize) * instrument.tickSize;
    bus.publish(TOPICS.bar, { instrumentId: instrument.id, timeframe: '1m', ts: clock.nowMs(), open: price, high: price, low: price, close: price, volume: 1 });
    const accountId = instrument.currency === 'INR' ? 'IN' : 'US';
    const lots = 1 + random.int(instrument.lotSize < 1 ? 50_000 : 20);
    const event = execution.create(
      'OrderFilled',
      {
        clientOrderId: `O${n}`, fillId: `F${n}`, accountId, strategyId: STRATEGIES[random.int(STRATEGIES.length)]!, instrumentId: instrument.id,
        side: random.next() < 0.5 ? 'BUY' : 'SELL', quantity: Number((lots * instrument.lotSize).toFixed(instrument.quantityPrecision)),
        price: Number(price.toFixed(instrument.pricePrecision)), commissionMinor: random.int(200), currency: instrument.currency, leavesQuantity: 0, fillTs: clock.nowMs(),
      },
      { key: instrument.id, correlationId: `SIG${n}` },
    );
    bus.emit(event);
    sent.push(event);
    if (random.next() < 0.05) bus.emit(sent[random.int(sent.length)]!); // at-least-once redelivery
    if (n % 500 === 0) {
      // A fill the portfolio cannot book: refused live (ErrorRaised), ignored on replay.
      bus.emit(execution.create('OrderFilled', { ...event.payload, fillId: `X${n}`, instrumentId: 'GHOST.NYSE' }, { key: 'GHOST.NYSE' }));
    }
  }
  return { live, log };
}

function lastOf<T>(items: readonly T[], match: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i]!)) return items[i];
  return undefined;
}

describe('Portfolio — replay', () => {
  it('re-applying the events a live portfolio saw gives an identical snapshot', () => {
    const { live, log } = runLive(3_000);
    const replayed = createPortfolio();
    for (const event of log) replayed.apply(event);
    assert.deepEqual(replayed.snapshot(), live.snapshot());
    assert.ok(live.snapshot().books.some((b) => b.strategyId === ACCOUNT_BOOK && b.quantity < 0), 'the run holds a short somewhere');
    assert.ok(log.some((e) => e.type === 'ErrorRaised'), 'the log holds refused fills too');
  });

  it('the last PositionChanged and AccountUpdated it emitted match the final books', () => {
    const { live, log } = runLive(1_000);
    const positions = log.flatMap((e) => (e.type === 'PositionChanged' ? [e.payload.position] : []));
    for (const book of live.snapshot().books) {
      const emitted = lastOf(positions, (p: PositionSnapshot) => p.accountId === book.accountId && p.strategyId === book.strategyId && p.instrumentId === book.instrumentId);
      assert.deepEqual(emitted, book);
    }
    for (const account of ACCOUNTS) {
      const emitted = lastOf(log, (e) => e.type === 'AccountUpdated' && e.key === account.accountId);
      assert.ok(emitted?.type === 'AccountUpdated');
      assert.deepEqual(emitted.payload.account, live.account(account.accountId));
    }
    const fills = new Set(log.flatMap((e) => (e.type === 'OrderFilled' && e.key !== 'GHOST.NYSE' ? [e.payload.fillId] : []))).size;
    assert.equal(log.filter((e) => e.type === 'AccountUpdated').length, fills, 'one AccountUpdated per distinct fill, none for redeliveries');
  });

  it('a snapshot restored from JSON plus the replayed tail (overlapping) equals the full fold', () => {
    const { live, log } = runLive(2_000);
    const half = Math.floor(log.length / 2);
    const first = createPortfolio();
    for (const event of log.slice(0, half)) first.apply(event);
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    const recovered = createPortfolio();
    recovered.restore(saved);
    for (const event of log.slice(half - 200)) recovered.apply(event);
    assert.deepEqual(recovered.snapshot(), live.snapshot());
  });
});
