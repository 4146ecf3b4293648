import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, SqliteEventStore } from '../../adapters/index.js';
import { OrderRegistry } from '../../execution/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { InProcessMessageBus } from '../../bus/index.js';
import { SimulatedClock, createIdSource, createInstrumentProvider, silentLogger, type EventStore, type StoredEvent } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { join } from 'node:path';
import { buildResultJson } from './backtestOutputs.js';
import { syntheticSeries } from './loadSeries.js';
import { BACKTEST_ACCOUNT, runBacktest, type BacktestOptions } from './runBacktest.js';

const { series, instrument } = syntheticSeries({
  exchange: 'SIM', currency: 'USD', lotSize: 1, bars: 20_000, timeframe: '1m', seed: 3, startMs: Date.UTC(2024, 0, 2),
});

const options = (store: EventStore = new MemoryEventStore()): BacktestOptions => ({
  series, instrument, strategy: 'sma-crossover', params: { fast: 5, slow: 20 }, quantity: 10,
  startingCashMinor: 10_000_000, broker: { fillModel: 'next-open', slippageBps: 3, commission: { perUnit: 0.005, minimumMinor: 100 }, maxVolumeShare: 0.5 },
  seed: 11, store,
});

const logBytes = (events: readonly StoredEvent[]): string => events.map((e) => JSON.stringify(e)).join('\n');

describe('backtest pipeline', () => {
  it('produces byte-identical event logs and results when run twice on the same input', async () => {
    const a = await runBacktest(options());
    const b = await runBacktest(options());
    const logA = logBytes(await a.store.read());
    assert.ok(a.statistics.trades > 50, `expected a busy run, got ${a.statistics.trades} trades`);
    assert.equal(logA, logBytes(await b.store.read()));
    assert.equal(JSON.stringify(buildResultJson(a, {})), JSON.stringify(buildResultJson(b, {})));
  });

  it('a different seed changes ids but not what was traded', async () => {
    const a = await runBacktest(options());
    const b = await runBacktest({ ...options(), seed: 12 });
    assert.notEqual(logBytes(await a.store.read()), logBytes(await b.store.read()));
    assert.deepEqual(
      a.trades.map((t) => [t.entryTime, t.exitTime, t.pnlMinor]),
      b.trades.map((t) => [t.entryTime, t.exitTime, t.pnlMinor]),
    );
  });

  it('replaying the stored log (SQLite) rebuilds exactly the same orders, positions and cash', async () => {
    const path = join(makeTempDir(), 'events.sqlite');
    const live = await runBacktest(options(SqliteEventStore.open(path)));
    await live.store.close();

    const store = SqliteEventStore.open(path);
    const events = await store.read();
    await store.close();
    const instruments = createInstrumentProvider([instrument]);
    const registry = new OrderRegistry({ quantityPrecisionOf: () => instrument.quantityPrecision });
    const clock = new SimulatedClock(0);
    const portfolio = new Portfolio({
      bus: new InProcessMessageBus(), clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments,
      accounts: [{ accountId: BACKTEST_ACCOUNT, currency: 'USD', startingCashMinor: 10_000_000 }],
    });
    for (const { event } of events) {
      registry.apply(event);
      portfolio.apply(event);
    }
    assert.deepEqual(registry.snapshot(), live.node.orders.snapshot());
    assert.deepEqual(portfolio.positions(BACKTEST_ACCOUNT), live.node.portfolio.positions(BACKTEST_ACCOUNT));
    assert.deepEqual(portfolio.account(BACKTEST_ACCOUNT), live.node.portfolio.account(BACKTEST_ACCOUNT));
    assert.ok(registry.all().length > 100);
  });

  it('every chain of events carries the correlation id of the signal that started it', async () => {
    const run = await runBacktest(options());
    const events = (await run.store.read()).map((s) => s.event);
    const signals = new Set(events.filter((e) => e.type === 'SignalGenerated').map((e) => e.correlationId));
    for (const event of events) assert.ok(signals.has(event.correlationId), `${event.type} ${event.id} has an orphan correlation id`);
    const story = await run.store.read({ correlationId: [...signals][0]! });
    assert.deepEqual(
      story.map((s) => s.event.type),
      ['SignalGenerated', 'TradeIntentCreated', 'RiskApproved', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled', 'PositionChanged', 'PositionChanged', 'AccountUpdated'],
    );
  });

  it('refuses an empty series', async () => {
    const empty = { ...series, length: 0 };
    await assert.rejects(runBacktest({ ...options(), series: empty }), /empty/);
  });
});
