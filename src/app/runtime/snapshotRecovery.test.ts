import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../adapters/index.js';
import { InProcessMessageBus } from '../../bus/index.js';
import { RealClock, createIdSource, silentLogger, type EventStore } from '../../core/index.js';
import { OrderRegistry } from '../../execution/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { RISK_RULES_TEMPLATE } from '../risk/index.js';
import { instrumentsOf, parseNodeConfig } from './nodeConfig.js';
import { NODE_SNAPSHOT, foldRecovery, readRecovery } from './recoverFromLog.js';

const BIN = resolve('bin/fortress.js');
const CONFIG = [
  'account: { id: paper, currency: USD, startingCash: 100000 }',
  'market:',
  '  intervalMs: 5',
  '  seed: 11',
  '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, tickSize: 0.01, volatility: 0.002 }, { symbol: BETA, exchange: SIM, startPrice: 20, tickSize: 0.01, volatility: 0.002 }]',
  'strategies:',
  '  - { id: a-sma, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1s, params: { fast: 2, slow: 4 } }',
  '  - { id: b-sma, strategy: sma-crossover, instruments: [BETA.SIM], timeframe: 1s, params: { fast: 2, slow: 4 } }',
  'store: { snapshotEverySeconds: 1.5 }',
  '',
].join('\n');

function query<T>(home: string, sql: string): T | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(join(home, 'events.sqlite'), { readonly: true, fileMustExist: true });
    return db.prepare(sql).get() as T | undefined;
  } catch {
    return undefined; // the log or its schema is not written yet
  } finally {
    db?.close();
  }
}

/** Orders, positions and cash rebuilt from a log the way a restart does it. */
async function rebuild(store: EventStore) {
  const clock = new RealClock();
  const config = parseNodeConfig(CONFIG, 'config.yaml');
  const instruments = instrumentsOf(config);
  const orders = new OrderRegistry({ instruments });
  const portfolio = new Portfolio({
    bus: new InProcessMessageBus(), clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments,
    accounts: [{ accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000 }],
  });
  const recovery = await readRecovery(store, clock.nowMs());
  foldRecovery(recovery, { orders, portfolio });
  return { orders: orders.snapshot(), portfolio: portfolio.snapshot(), recovery };
}

describe('restart from a snapshot plus the tail of the log', () => {
  it('after kill -9 mid-run, snapshot + tail gives the same orders, positions and cash as folding the whole log', { timeout: 120_000 }, async () => {
    const dir = makeTempDir();
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'config.yaml'), CONFIG);
    // Let the demo strategies re-enter within seconds, so orders keep flowing around each snapshot.
    const rules = RISK_RULES_TEMPLATE.replace('duplicateSignal: { enabled: true,', 'duplicateSignal: { enabled: false,');
    assert.notEqual(rules, RISK_RULES_TEMPLATE);
    writeFileSync(join(home, 'risk_rules.yaml'), rules);
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, FORTRESS_HOME: home, FORTRESS_PORT: '0', LOG_LEVEL: 'warn', FORTRESS_ADMIN_PASSWORD: 'snapshot-test-password' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      // Several snapshots, orders filled both before and after the newest one.
      await waitFor('fills before a snapshot', () => (query<{ n: number }>(home, "SELECT count(*) AS n FROM events WHERE type = 'OrderFilled' AND seq <= (SELECT seq FROM snapshots WHERE name = 'node')")?.n ?? 0) >= 4, 60_000);
      // Fills after the newest snapshot, checked while the node is frozen (SIGSTOP): no snapshot can land between
      // the check and the kill, so the restart below always has a tail to fold.
      await waitFor('fills after the newest snapshot', () => {
        child.kill('SIGSTOP');
        const after = query<{ n: number }>(home, "SELECT count(*) AS n FROM events WHERE type = 'OrderFilled' AND seq > (SELECT seq FROM snapshots WHERE name = 'node')")?.n ?? 0;
        if (after >= 2) return true;
        child.kill('SIGCONT');
        return false;
      }, 60_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The same log without its snapshot: the reference is the full fold.
    const full = join(dir, 'full');
    cpSync(home, full, { recursive: true });
    const db = new Database(join(full, 'events.sqlite'));
    db.prepare('DELETE FROM snapshots').run();
    db.close();

    const fromSnapshot = SqliteEventStore.open(join(home, 'events.sqlite'));
    const fromScratch = SqliteEventStore.open(join(full, 'events.sqlite'));
    try {
      const restored = await rebuild(fromSnapshot);
      const reference = await rebuild(fromScratch);
      const lastSeq = await fromSnapshot.lastSeq();
      assert.ok(restored.recovery.snapshot !== undefined, 'a snapshot was found');
      assert.ok(restored.recovery.snapshotSeq > 0 && restored.recovery.snapshotSeq < lastSeq, `the snapshot (seq ${restored.recovery.snapshotSeq}) is older than the log's end (${lastSeq})`);
      assert.equal(restored.recovery.tail.length, lastSeq - restored.recovery.snapshotSeq, 'only the tail is folded');
      assert.equal(reference.recovery.tail.length, lastSeq);
      assert.ok(reference.portfolio.books.length > 0 && reference.orders.orders.length > 0, 'the run traded');
      assert.deepEqual(restored.orders, reference.orders);
      assert.deepEqual(restored.portfolio, reference.portfolio);
      assert.equal((await fromSnapshot.loadSnapshot(NODE_SNAPSHOT))?.seq, restored.recovery.snapshotSeq);
    } finally {
      await fromSnapshot.close();
      await fromScratch.close();
    }
  });
});
