import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PaperBroker, ReplayFeed, SqliteEventStore, generateBars } from '../../adapters/index.js';
import { RealClock, SimulatedClock, createInstrument, createInstrumentProvider, type Logger } from '../../core/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { startPaperNode } from './startNode.js';
import type { WarmUpBrokerPorts } from './OrderPathWarmer.js';
import { startOrderPathWarmUp } from './startOrderPathWarmUp.js';
import { warmOrderPath } from './warmOrderPath.js';

interface LogLine {
  readonly level: string;
  readonly message: string;
}

function recordingLogger(lines: LogLine[]): Logger {
  const write = (level: string) => (_fields: Readonly<Record<string, unknown>>, message?: string): void => {
    lines.push({ level, message: message ?? '' });
  };
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: () => logger };
  return logger;
}

/** A replay node on a tape long enough that the warm-up runs while it trades; its whole log and its log lines. */
async function runNode(dir: string, name: string, tape: string, warmUp: boolean): Promise<{ log: string[]; lines: LogLine[]; warmed: Awaited<ReturnType<typeof warmOrderPath>> | undefined }> {
  const home = join(dir, name);
  mkdirSync(home);
  writeFileSync(join(home, 'config.yaml'), [
    'account: { id: paper, currency: USD, startingCash: 100000 }',
    'market:',
    '  feed: replay',
    `  replay: { file: ${JSON.stringify(tape)}, speed: 30000 }`,
    '  instruments: [{ symbol: TAPE, exchange: SIM, startPrice: 50, tickSize: 0.01 }]',
    'strategies: [{ id: tape-sma, strategy: sma-crossover, instruments: [TAPE.SIM], timeframe: 1m, params: { fast: 3, slow: 8 } }]',
    'broker: { fillModel: next-open, slippageBps: 1 }',
    `runtime: { warmUpOrderPath: ${warmUp} }`,
    '',
  ].join('\n'));
  const lines: LogLine[] = [];
  const running = await startPaperNode(home, recordingLogger(lines), { clock: new SimulatedClock(0), seed: 5, port: 0, adminPassword: 'correct horse battery' });
  const warmed = await running.warmUp;
  assert.ok(running.feed instanceof ReplayFeed);
  await running.feed.finished();
  await running.stop();
  const store = SqliteEventStore.open(join(home, 'events.sqlite'));
  const log = (await store.read()).map((stored) => JSON.stringify(stored));
  await store.close();
  return { log, lines, warmed };
}

describe('order-path warm-up', () => {
  it('leaves the live node’s event log exactly as without it, and says once how long it took', async () => {
    const dir = makeTempDir();
    const tape = join(dir, 'tape.csv');
    const bars = generateBars({ instrumentId: 'TAPE.SIM', timeframe: '1m', count: 1500, startMs: Date.UTC(2024, 0, 2, 9), startPrice: 50, volatility: 0.003, tickSize: 0.01, seed: 4, baseVolume: 5000 });
    const rows = Array.from({ length: bars.length }, (_, i) => [new Date(bars.ts[i]!).toISOString(), bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(','));
    writeFileSync(tape, `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`);

    const cold = await runNode(dir, 'cold', tape, false);
    const warm = await runNode(dir, 'warm', tape, true);

    assert.equal(cold.warmed, undefined, 'switched off: no warm-up');
    assert.ok(warm.warmed !== undefined && warm.warmed.completed, `the warm-up ran to its end: ${JSON.stringify(warm.warmed)}`);
    assert.ok(warm.warmed.orders >= 2000 && warm.warmed.fills > 1900, `its own orders were placed and filled: ${JSON.stringify(warm.warmed)}`);
    assert.equal(warm.warmed.failures, 0);
    assert.ok(cold.log.filter((line) => line.includes('"OrderFilled"')).length > 20, 'the live node traded meanwhile');
    assert.deepEqual(warm.log, cold.log, 'not one event of the warm-up in the live log, and the live events unchanged');

    // Numbers (ports, durations) vary from run to run; the lines themselves must not.
    const messages = (lines: readonly LogLine[]): string[] => lines.map((l) => `${l.level} ${l.message.replace(/\d+/g, 'N')}`).sort();
    const extra = messages(warm.lines);
    for (const message of messages(cold.lines)) {
      const at = extra.indexOf(message);
      assert.ok(at >= 0, `"${message}" logged without the warm-up but not with it`);
      extra.splice(at, 1);
    }
    assert.deepEqual(extra, ['info order path warmed in N ms'], 'one log line more, the summary');
  });

  it('drives entries and exits on both sides through its own graphs, and stops when asked', async () => {
    const instruments = createInstrumentProvider([createInstrument({ symbol: 'A', exchange: 'NSE', tickSize: 0.05 }), createInstrument({ symbol: 'B', exchange: 'SIM', tickSize: 0.01 })]);
    const config = {
      accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 10 } as const,
      pyramiding: false, timeInForce: 'GTC' as const, risk: defaultRiskConfig(),
    };
    /** Per broker and instrument, the sides of its orders in turn. */
    const sides: string[][] = [];
    const createBroker = (ports: WarmUpBrokerPorts): PaperBroker => {
      const broker = new PaperBroker({ ...ports, config: { fillModel: 'tick', slippageBps: 1 } });
      const byInstrument = new Map<string, string[]>();
      const submit = broker.submit.bind(broker);
      broker.submit = (request) => {
        let list = byInstrument.get(request.instrumentId);
        if (list === undefined) byInstrument.set(request.instrumentId, (list = []));
        if (list.length === 0) sides.push(list);
        list.push(request.side);
        submit(request);
      };
      return broker;
    };
    // NSE is closed on a Sunday: the warm-up's own calendar opens it so the orders still pass the trading-hours rule.
    const sunday = new SimulatedClock(Date.UTC(2024, 0, 7, 12));
    const done = await warmOrderPath({ config, instruments, clock: sunday, createBroker, orders: 400 });
    assert.equal(done.completed, true);
    assert.equal(done.orders, 400);
    assert.equal(done.failures, 0);
    assert.equal(sides.length, 4, 'both graphs trade both instruments');
    // Open long, close it, open short, close it: entries and exits on both sides, each filled before the next.
    for (const list of sides) assert.deepEqual(list.slice(0, 8), ['BUY', 'SELL', 'SELL', 'BUY', 'BUY', 'SELL', 'SELL', 'BUY']);

    const abort = new AbortController();
    const stopped = warmOrderPath({ config, instruments, clock: new RealClock(), createBroker, orders: 1_000_000, sliceMs: 1, signal: abort.signal });
    abort.abort();
    const outcome = await stopped;
    assert.equal(outcome.completed, false);
    assert.ok(outcome.orders < 1_000_000);
  });

  it('keeps the path warm with bursts after the start until stopped, logging only its summary', async () => {
    const instruments = createInstrumentProvider([createInstrument({ symbol: 'K', exchange: 'SIM', tickSize: 0.01 })]);
    const config = {
      accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 1 } as const,
      pyramiding: false, timeInForce: 'GTC' as const, risk: defaultRiskConfig(),
    };
    const lines: LogLine[] = [];
    const running = startOrderPathWarmUp(
      { config, instruments, clock: new RealClock(), createBroker: (ports) => new PaperBroker({ ...ports, config: { fillModel: 'tick' } }) },
      { orders: 200, keepWarmEveryMs: 5 },
      recordingLogger(lines),
    );
    const outcome = await running.done;
    assert.equal(outcome?.completed, true);
    await waitFor('keep-warm bursts', () => running.keptWarmOrders() > 50);
    await running.stop();
    const after = running.keptWarmOrders();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(running.keptWarmOrders(), after, 'no burst after stop');
    assert.deepEqual(lines.map((l) => l.message.replace(/\d+/g, 'N')), ['order path warmed in N ms']);
  });
});
