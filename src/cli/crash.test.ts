import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { SqliteEventStore, generateBars } from '../adapters/index.js';
import { createRandom } from '../core/index.js';
import { makeTempDir } from '../testing/index.js';

const BIN = resolve('bin/fortress.js');
const KILLS = 20;

function writeHome(home: string, tape: string): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.yaml'), [
    'account: { id: paper, currency: USD, startingCash: 100000 }',
    'market:',
    '  feed: replay',
    '  seed: 5',
    `  replay: { file: ${JSON.stringify(tape)}, speed: max, stopAtEnd: true }`,
    '  instruments: [{ symbol: TAPE, exchange: SIM, startPrice: 50, tickSize: 0.01 }]',
    'strategies: [{ id: tape-sma, strategy: sma-crossover, instruments: [TAPE.SIM], timeframe: 1m, params: { fast: 5, slow: 20 } }]',
    'sizing: { quantity: 10 }',
    'broker: { fillModel: next-open, slippageBps: 2 }',
    '',
  ].join('\n'));
}

/** Events committed so far, read without disturbing the running writer (WAL readers never block it). */
function committed(home: string): number {
  const path = join(home, 'events.sqlite');
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the file exists but its schema is not written yet
  }
}

async function logOf(home: string): Promise<string[]> {
  const store = SqliteEventStore.open(join(home, 'events.sqlite'));
  const events = await store.read();
  await store.close();
  return events.map((s) => `${s.seq} ${JSON.stringify(s.event)}`);
}

const env = { ...process.env, LOG_LEVEL: 'warn', FORTRESS_PORT: '0' };

describe('crash safety (kill -9 during a busy run)', () => {
  it(`after each of ${KILLS} SIGKILLs and a restart, the log, orders, positions and cash equal a run never killed`, { timeout: 600_000 }, async () => {
    const dir = makeTempDir();
    const tape = join(dir, 'tape.csv');
    const bars = generateBars({ instrumentId: 'TAPE.SIM', timeframe: '1m', count: 60_000, startMs: Date.UTC(2024, 0, 2), startPrice: 50, volatility: 0.002, tickSize: 0.01, seed: 21, baseVolume: 5000 });
    const rows = Array.from({ length: bars.length }, (_, i) => [new Date(bars.ts[i]!).toISOString(), bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(','));
    writeFileSync(tape, `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`);

    const reference = join(dir, 'reference');
    writeHome(reference, tape);
    const clean = spawnSync(process.execPath, [BIN, 'start'], { env: { ...env, FORTRESS_HOME: reference }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(clean.status, 0, clean.stderr);
    const expected = await logOf(reference);
    assert.ok(expected.length > 2000, `a busy run: ${expected.length} events`);

    const crashed = join(dir, 'crashed');
    writeHome(crashed, tape);
    const random = createRandom(77);
    let killedMidRun = 0;
    const partial = new Set<number>();
    for (let kill = 0; kill < KILLS; kill++) {
      const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, FORTRESS_HOME: crashed }, stdio: 'ignore' });
      let running = true;
      const exited = new Promise<void>((resolveExit) => child.on('exit', () => ((running = false), resolveExit())));
      // Kill at a random point of the busy phase: once the log has grown past where the last run stopped,
      // plus a random stretch (the restart first re-runs the tape up to there, then writes new events).
      const before = committed(crashed);
      const target = before + Math.floor(random.next() * Math.min((expected.length - before) / 2, 3000));
      while (running && committed(crashed) <= target) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, random.next() * 20));
      if (running && child.kill('SIGKILL')) killedMidRun++;
      await exited;
      const log = await logOf(crashed);
      assert.deepEqual(log, expected.slice(0, log.length), `after kill ${kill + 1} the log is a prefix of the clean run's (nothing lost, doubled or reordered)`);
      if (log.length < expected.length) partial.add(log.length);
    }
    const last = spawnSync(process.execPath, [BIN, 'start'], { env: { ...env, FORTRESS_HOME: crashed }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(last.status, 0, last.stderr);
    assert.ok(killedMidRun >= KILLS * 0.75, `most kills landed mid-run (${killedMidRun}/${KILLS})`);
    assert.ok(partial.size >= 5, `kills left logs of several different lengths (${[...partial].join(', ')} of ${expected.length})`);
    assert.deepEqual(await logOf(crashed), expected);
  });
});
