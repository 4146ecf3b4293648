import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayFeed, SqliteEventStore, generateBars } from '../../adapters/index.js';
import { SimulatedClock, createInstrument, silentLogger, type AnyEvent, type StoredEvent } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { runBacktest } from '../backtest/runBacktest.js';
import { loadSeriesFromFile } from '../backtest/loadSeries.js';
import { startPaperNode } from './startNode.js';

/** What both runs must agree on: every order and every fill, without ids, account or strategy names. */
function trading(events: readonly AnyEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'OrderSubmitted') return [`order ${e.payload.order.side} ${e.payload.order.quantity} ${e.payload.order.type} @${e.ts}`];
    if (e.type === 'OrderFilled') return [`fill ${e.payload.side} ${e.payload.quantity} @ ${e.payload.price} at ${e.payload.fillTs}`];
    return [];
  });
}

describe('backtest–live parity', () => {
  it('the same tape through the backtest runner and through the live paper node (simulated clock) gives the same orders and fills', async () => {
    const dir = makeTempDir();
    const tape = join(dir, 'tape.csv');
    const bars = generateBars({ instrumentId: 'TAPE.SIM', timeframe: '1m', count: 4000, startMs: Date.UTC(2024, 0, 2, 9), startPrice: 50, volatility: 0.002, tickSize: 0.01, seed: 9, baseVolume: 5000 });
    const rows = Array.from({ length: bars.length }, (_, i) =>
      [new Date(bars.ts[i]!).toISOString(), bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(','));
    writeFileSync(tape, `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`);

    const { series } = loadSeriesFromFile(tape, { exchange: 'SIM', currency: 'USD', lotSize: 1, symbol: 'TAPE' }, {}, silentLogger, dir);
    const instrument = createInstrument({ symbol: 'TAPE', exchange: 'SIM', tickSize: 0.01 });
    const backtest = await runBacktest({
      series, instrument, strategy: 'sma-crossover', params: { fast: 5, slow: 20 }, quantity: 10,
      startingCashMinor: 10_000_000, broker: { fillModel: 'next-open' }, seed: 3,
    });
    const expected = trading((await backtest.store.read()).map((s: StoredEvent) => s.event));
    assert.ok(expected.length > 100, `a busy tape, got ${expected.length} orders and fills`);

    const home = join(dir, 'home');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), [
      'account: { id: paper, currency: USD, startingCash: 100000 }',
      'market:',
      '  feed: replay',
      `  replay: { file: ${JSON.stringify(tape)}, speed: max }`,
      '  instruments: [{ symbol: TAPE, exchange: SIM, startPrice: 50, tickSize: 0.01 }]',
      'strategies: [{ id: tape-sma, strategy: sma-crossover, instruments: [TAPE.SIM], timeframe: 1m, params: { fast: 5, slow: 20 } }]',
      'sizing: { quantity: 10 }',
      'broker: { fillModel: next-open, slippageBps: 0 }',
      '',
    ].join('\n'));
    const running = await startPaperNode(home, silentLogger, { clock: new SimulatedClock(0), seed: 3, port: 0 });
    assert.ok(running.feed instanceof ReplayFeed);
    await running.feed.finished();
    await running.stop();

    const store = SqliteEventStore.open(join(home, 'events.sqlite'));
    const live = trading((await store.read()).map((s) => s.event));
    await store.close();
    assert.deepEqual(live, expected);
  });
});
