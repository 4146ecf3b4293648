import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessMessageBus } from '../../bus/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger, type AnyEvent } from '../../core/index.js';
import { AmiBrokerSignalParser, SignalIntake, type AmiBrokerParseResult } from '../../signals/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { MemoryEventStore } from '../stores/index.js';
import { AmiBrokerDirectoryWatcher } from './AmiBrokerDirectoryWatcher.js';
import type { AmiBrokerDirectoryWatcherOptions, SignalFileProblem } from './signalFileTypes.js';

const HEADER = 'symbol,signal_type,quantity,price,timeframe,strategy_name';
const ROW = 'NIFTY24NOVFUT,BUY,50,25000.0,15min,MA_Crossover';
const SEED = `${HEADER}\n${ROW}\nBANKNIFTY24NOVFUT,SELL,25,52000.0,5min,RSI_Strategy\n`;
const instruments = createInstrumentProvider([
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25 }),
  createInstrument({ symbol: 'BANKNIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 15 }),
]);

type Overrides = Partial<AmiBrokerDirectoryWatcherOptions<AmiBrokerParseResult>>;

/** One "process": bus journaling into the store, the intake, and the watcher on `dir` (deliver = accept + flush). */
async function startNode(dir: string, store = new MemoryEventStore(), overrides: Overrides = {}, replay = false) {
  const clock = new SimulatedClock(1_730_790_000_000);
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const seen: AnyEvent[] = [];
  bus.subscribeEvents((event) => seen.push(event));
  const intake = new SignalIntake({
    bus, clock, ids: createIdSource(clock, 5), logger: silentLogger, instruments, isStrategyActive: (id) => id === 'MA_Crossover' || id === 'RSI_Strategy',
  });
  if (replay) for (const { event } of await store.read()) intake.apply(event);
  const problems: SignalFileProblem[] = [];
  const deliveries: number[] = [];
  const watcher = new AmiBrokerDirectoryWatcher({
    dir,
    createParser: (name) => new AmiBrokerSignalParser(name),
    deliver: async (rows, sourceRef) => {
      deliveries.push(rows.signals.length + rows.problems.length);
      intake.accept(rows, 'amibroker', sourceRef);
      await store.flush();
    },
    logger: silentLogger,
    settleMs: 100,
    unterminatedSettleMs: 1500,
    rescanIntervalMs: 200,
    retryMs: 50,
    onProblem: (problem) => problems.push(problem),
    ...overrides,
  });
  await watcher.start();
  return { store, seen, problems, deliveries, watcher, intake };
}

const keysOf = (store: MemoryEventStore, type: AnyEvent['type']) => store.all().filter((s) => s.event.type === type).map((s) => s.event.idempotencyKey);
const linesOf = (store: MemoryEventStore, type: 'SignalReceived' | 'SignalRefused') => keysOf(store, type).map((k) => Number(k.split(':')[2]));
const files = (dir: string, sub: string) => readdirSync(join(dir, sub)).sort();

describe('AmiBroker directory watcher', () => {
  it('moves a file whose rows all parse to processed/ only after its signals are stored', async () => {
    const dir = makeTempDir();
    let duringDelivery = { inflight: [] as string[], processed: [] as string[] };
    const node = await startNode(dir, undefined, {
      deliver: async (rows, sourceRef) => {
        duringDelivery = { inflight: files(dir, '.inflight'), processed: files(dir, 'processed') };
        node.intake.accept(rows, 'amibroker', sourceRef);
        await sleep(50);
        await node.store.flush();
      },
    });
    writeFileSync(join(dir, 'seed.csv'), SEED);
    await waitFor('processed/seed.csv', () => existsSync(join(dir, 'processed', 'seed.csv')));
    await node.watcher.stop();
    assert.deepEqual(duringDelivery, { inflight: ['seed.csv', 'seed.csv.ref.json'], processed: [] }, 'while delivering, the file waits in .inflight/');
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 3]);
    assert.deepEqual(files(dir, '.inflight'), [], 'no marker is left behind');
    assert.deepEqual(node.problems, []);
  });

  it('moves a file with malformed rows to errors/ with a sidecar naming each bad line, after taking its good rows', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir);
    const text = [HEADER, ROW, 'NIFTY24NOVFUT,BUY,-50,25000.0,15min,MA_Crossover', 'NIFTY24NOVFUT,HOLD,50,x,9min,MA_Crossover', 'NIFTY24NOVFUT,SELL,50', ROW].join('\n');
    writeFileSync(join(dir, 'mixed.csv'), `${text}\n`);
    await waitFor('errors/mixed.csv', () => existsSync(join(dir, 'errors', 'mixed.csv')));
    await node.watcher.stop();
    const sidecar = readFileSync(join(dir, 'errors', 'mixed.csv.errors.txt'), 'utf8').split('\n');
    assert.match(sidecar[0]!, /^# mixed.csv: lines that could not be read/);
    assert.equal(sidecar[1], 'line 3: quantity must be > 0, got -50 | NIFTY24NOVFUT,BUY,-50,25000.0,15min,MA_Crossover');
    assert.match(sidecar[2]!, /^line 4: bad action "HOLD" .*; bad price "x" .*; unknown timeframe "9min" .* \| NIFTY24NOVFUT,HOLD,50,x,9min,MA_Crossover$/);
    assert.equal(sidecar[3], 'line 5: expected 6 fields, got 3 | NIFTY24NOVFUT,SELL,50');
    assert.match(sidecar[4]!, /^# 3 bad line\(s\); 2 row\(s\) delivered as signals \(source ref [0-9a-f]{24}\)$/);
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 6], 'the good rows are still taken');
    assert.deepEqual(linesOf(node.store, 'SignalRefused'), [3, 4, 5], 'and each bad line is on the log too');
    assert.deepEqual(node.problems.map((p) => [p.code, p.badLines]), [['ROWS_REJECTED', 3]]);
    assert.match(node.problems[0]!.message, /moved to errors\/mixed.csv, reasons in errors\/mixed.csv.errors.txt/);
  });

  it('refuses rows of an unknown strategy or symbol as events and still moves the file to processed/', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir);
    writeFileSync(join(dir, 'refused.csv'), `${HEADER}\n${ROW}\nNIFTY24NOVFUT,BUY,50,25000.0,15min,Nobody\nTCS,BUY,1,,1d,MA_Crossover\n`);
    await waitFor('processed/refused.csv', () => existsSync(join(dir, 'processed', 'refused.csv')));
    await node.watcher.stop();
    const refused = node.store.all().flatMap((s) => (s.event.type === 'SignalRefused' ? [[s.event.payload.line, s.event.payload.reason]] : []));
    assert.equal(refused.length, 2);
    assert.deepEqual(refused[0], [3, 'strategy "Nobody" is not registered or not active, and no external-signal account is configured']);
    assert.match(String(refused[1]![1]), /^unknown symbol "TCS"/);
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2]);
    assert.deepEqual(node.problems, [], 'a refused signal is an event, not a file error');
  });

  it('recognises the same file dropped twice: the copy lands in processed/ with a suffix and nothing is doubled', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir);
    writeFileSync(join(dir, 'seed.csv'), SEED);
    await waitFor('first drop', () => existsSync(join(dir, 'processed', 'seed.csv')));
    writeFileSync(join(dir, 'seed.csv'), SEED);
    writeFileSync(join(dir, 'seed-copy.csv'), SEED);
    await waitFor('second drops', () => files(dir, 'processed').length === 3);
    await node.watcher.stop();
    assert.deepEqual(files(dir, 'processed'), ['seed-copy.csv', 'seed.1.csv', 'seed.csv']);
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 3]);
    assert.equal(node.seen.length, 2, 'the bus never saw a duplicate either');
  });

  it('can tell files apart by name as well, so identical content under a new name is new signals', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir, undefined, { identity: 'name+content' });
    writeFileSync(join(dir, 'signals-0915.csv'), SEED);
    await waitFor('first file', () => existsSync(join(dir, 'processed', 'signals-0915.csv')));
    writeFileSync(join(dir, 'signals-0930.csv'), SEED);
    writeFileSync(join(dir, 'signals-0915.csv'), SEED);
    await waitFor('both later drops', () => files(dir, 'processed').length === 3);
    await node.watcher.stop();
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 3, 2, 3], 'the 09:30 file is new; the 09:15 file dropped again is not');
  });

  it('does not take a half-written file until its last line is complete', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir, undefined, { unterminatedSettleMs: 5000 });
    const path = join(dir, 'partial.csv');
    writeFileSync(path, `${HEADER}\n${ROW}\nBANKNIFTY24NOVFUT,SE`);
    await sleep(600); // well past settleMs (100 ms), short of unterminatedSettleMs
    assert.deepEqual(node.deliveries, []);
    assert.ok(existsSync(path));
    appendFileSync(path, 'LL,25,52000.0,5min,RSI_Strategy\n');
    await waitFor('processed/partial.csv', () => existsSync(join(dir, 'processed', 'partial.csv')));
    await node.watcher.stop();
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 3]);
    assert.deepEqual(linesOf(node.store, 'SignalRefused'), []);
  });

  it('takes a file being appended line by line only as a whole: every row once, none refused', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir);
    const path = join(dir, 'growing.csv');
    writeFileSync(path, `${HEADER}\n`);
    for (let i = 0; i < 30; i++) {
      appendFileSync(path, `${ROW}\n`);
      await sleep(20);
    }
    await waitFor('30 rows stored', () => keysOf(node.store, 'SignalReceived').length >= 30);
    await waitFor('nothing left', () => readdirSync(dir).filter((f) => f.endsWith('.csv')).length === 0 && files(dir, '.inflight').length === 0);
    await node.watcher.stop();
    assert.equal(keysOf(node.store, 'SignalReceived').length, 30);
    assert.deepEqual(linesOf(node.store, 'SignalRefused'), []);
    assert.deepEqual(files(dir, 'errors'), []);
  });

  it('reads a file again under the same source ref when it grows while being delivered, so nothing is doubled', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'held.csv');
    const fd = openSync(path, 'w'); // a writer that keeps the file open, as a long AFL scan might
    writeSync(fd, `${HEADER}\n${ROW}\n`);
    let appended = false;
    const node = await startNode(dir, undefined, {
      deliver: async (rows, sourceRef) => {
        node.intake.accept(rows, 'amibroker', sourceRef);
        await node.store.flush();
        if (!appended) {
          appended = true;
          writeSync(fd, `${ROW}\n${ROW}\n`); // the open descriptor follows the file into .inflight/
          closeSync(fd);
          appendFileSync(path, `${ROW}\n`); // a writer appending by path starts a new file
        }
      },
    });
    await waitFor('both files processed', () => files(dir, 'processed').length === 2);
    await node.watcher.stop();
    assert.deepEqual(files(dir, 'processed'), ['held.1.csv', 'held.csv']);
    assert.equal(readFileSync(join(dir, 'processed', 'held.csv'), 'utf8'), `${HEADER}\n${ROW}\n${ROW}\n${ROW}\n`);
    const keys = keysOf(node.store, 'SignalReceived');
    assert.equal(keys.length, 4, keys.join(' '));
    assert.equal(new Set(keys.slice(0, 3).map((k) => k.split(':')[1])).size, 1, 'the grown file kept its source ref');
    assert.deepEqual(node.problems.map((p) => p.code), ['CHANGED_AFTER_READ']);
  });

  it('keeps a file whose delivery failed in .inflight/ and retries it; the log holds each row once', async () => {
    const dir = makeTempDir();
    let calls = 0;
    const node = await startNode(dir, undefined, {
      deliver: async (rows, sourceRef) => {
        calls++;
        node.intake.accept(rows, 'amibroker', sourceRef);
        if (calls === 1) throw new Error('disk full');
        await node.store.flush();
      },
    });
    writeFileSync(join(dir, 'retry.csv'), SEED);
    await waitFor('processed after a retry', () => existsSync(join(dir, 'processed', 'retry.csv')));
    await node.watcher.stop();
    assert.equal(calls, 2);
    assert.deepEqual(node.problems.map((p) => p.code), ['DELIVERY_FAILED']);
    assert.match(node.problems[0]!.message, /retry.csv: delivery failed \(disk full\); kept in .inflight\/ and retried/);
    assert.deepEqual(linesOf(node.store, 'SignalReceived'), [2, 3]);
  });

  it('after a crash between delivery and the move, redelivers the file on restart without doubling anything', async () => {
    const dir = makeTempDir();
    const store = new MemoryEventStore();
    const first = await startNode(dir, store, {
      deliver: async (rows, sourceRef) => {
        first.intake.accept(rows, 'amibroker', sourceRef);
        await store.flush();
        void first.watcher.stop(); // the process dies here: delivered and stored, not yet moved
        throw new Error('killed');
      },
    });
    writeFileSync(join(dir, 'crash.csv'), `${SEED}NIFTY24NOVFUT,BUY,-1,0,1d,MA_Crossover\n`);
    await waitFor('first delivery', () => store.all().length === 3);
    await first.watcher.stop();
    assert.deepEqual(files(dir, '.inflight').filter((f) => f.endsWith('.csv')), ['crash.csv']);

    const restarted = await startNode(dir, store, {}, true);
    await waitFor('errors/crash.csv', () => existsSync(join(dir, 'errors', 'crash.csv')));
    await restarted.watcher.stop();
    assert.deepEqual(restarted.seen, [], 'every row was already on the log');
    assert.deepEqual(linesOf(store, 'SignalReceived'), [2, 3]);
    assert.deepEqual(linesOf(store, 'SignalRefused'), [4]);
    assert.match(readFileSync(join(dir, 'errors', 'crash.csv.errors.txt'), 'utf8'), /line 4: quantity must be > 0, got -1/);
    assert.deepEqual(files(dir, '.inflight'), []);
  });

  it('moves a file larger than the configured maximum to errors/ unread, saying why', async () => {
    const dir = makeTempDir();
    const node = await startNode(dir, undefined, { maxFileBytes: 64 });
    writeFileSync(join(dir, 'big.csv'), SEED);
    await waitFor('errors/big.csv', () => existsSync(join(dir, 'errors', 'big.csv')));
    await node.watcher.stop();
    assert.match(readFileSync(join(dir, 'errors', 'big.csv.errors.txt'), 'utf8'), /not read: it is 1\d\d bytes, more than the configured maximum of 64/);
    assert.deepEqual(node.deliveries, []);
    assert.deepEqual(node.problems.map((p) => p.code), ['FILE_TOO_LARGE']);
  });

  it('delivers a 50 MB file in bounded pieces, every row exactly once', async (t) => {
    const dir = makeTempDir();
    const rowsPerBlock = 10_000;
    const block = Array.from({ length: rowsPerBlock }, (_, i) => `${i % 2 === 0 ? 'NIFTY24NOVFUT' : 'BANKNIFTY24NOVFUT'},${i % 3 === 0 ? 'SELL' : 'BUY'},${25 + (i % 7)},${25000 + (i % 100) / 20},15min,MA_Crossover\n`).join('');
    const blocks = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(block));
    writeFileSync(join(dir, 'big.csv'), `${HEADER}\n${block.repeat(blocks)}`);
    const expected = blocks * rowsPerBlock;
    // The journal counts instead of keeping a million events: it checks every line arrives once, in order.
    let nextLine = 2;
    let outOfOrder = 0;
    const store = { append: (event: AnyEvent) => (Number(event.idempotencyKey.split(':')[2]) === nextLine++ ? undefined : outOfOrder++), flush: () => Promise.resolve() };
    const clock = new SimulatedClock(0);
    const bus = new InProcessMessageBus();
    bus.setJournal((event) => store.append(event));
    const intake = new SignalIntake({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments, isStrategyActive: () => true });
    let pieces = 0;
    let largestPiece = 0;
    let peakHeapMb = 0;
    const startedMs = performance.now();
    const watcher = new AmiBrokerDirectoryWatcher({
      dir, logger: silentLogger, settleMs: 50, createParser: (name) => new AmiBrokerSignalParser(name),
      deliver: async (rows, sourceRef) => {
        pieces++;
        largestPiece = Math.max(largestPiece, rows.signals.length);
        intake.accept(rows, 'amibroker', sourceRef);
        peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
        await store.flush();
      },
    });
    await watcher.start();
    await waitFor('processed/big.csv', () => existsSync(join(dir, 'processed', 'big.csv')), 120_000);
    await watcher.stop();
    t.diagnostic(`${expected} rows in ${pieces} pieces, ${Math.round(performance.now() - startedMs)} ms, peak heap ${Math.round(peakHeapMb)} MB`);
    assert.equal(nextLine - 2, expected);
    assert.equal(outOfOrder, 0);
    assert.ok(largestPiece <= 1024 * 1024 / 40, `a piece holds at most ~1 MiB of rows, got ${largestPiece}`);
    assert.deepEqual(files(dir, 'errors'), []);
  });
});
