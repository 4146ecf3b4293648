import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import type { AnyEvent } from '../../core/index.js';
import { PostgresEventStore } from '../../adapters/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { RISK_EQUITY_SNAPSHOT, equityReferencesIn } from '../runtime/recoverFromLog.js';
import { startPostgresServer, type PostgresServer } from '../../testing/postgres.js';
import { startRedisServer, type RedisServer } from '../../testing/redis.js';
import { FORTRESS_ENTRY, TEST_APPROVAL_KEY, committedEvents, createDatabase, readPostgresLog, writeSyntheticHome } from './deploymentFixture.js';

describe('a distributed deployment on a live feed', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;

  before(async () => {
    [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
  });

  after(async () => {
    await Promise.all([redis?.close(), postgres?.stop()]);
  });

  it('`fortress service all` on the synthetic feed trades, stops on SIGTERM, and resumes from the log without a second order per intent', { timeout: 90_000 }, async () => {
    const home = writeSyntheticHome(makeTempDir('fortress-live-'), [
      'distributed: { trim: { intervalMs: 200, maxAgeMs: 0, maxLen: 0 } }   # trim everything acknowledged, at once',
    ]);
    const storeUrl = await createDatabase(postgres.url, 'live');
    const run = async (moreFills: number): Promise<void> => {
      const before = await committedEvents(storeUrl, 'OrderFilled');
      const child = spawn(process.execPath, [FORTRESS_ENTRY, 'service', 'all', '--bus', redis.url, '--store', storeUrl, '--home', home, '--port', '0'], {
        env: { ...process.env, FORTRESS_APPROVAL_KEY: TEST_APPROVAL_KEY, LOG_LEVEL: 'warn' }, stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await waitFor(`${moreFills} more fills`, async () => (await committedEvents(storeUrl, 'OrderFilled')) >= before + moreFills, 40_000);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
    };
    await run(2);
    await run(2);
    const events: AnyEvent[] = await readPostgresLog(storeUrl);
    const submitted = events.filter((e) => e.type === 'OrderSubmitted').map((e) => (e.type === 'OrderSubmitted' ? e.payload.order.clientOrderId : ''));
    assert.equal(new Set(submitted).size, submitted.length, 'one order per intent');
    assert.equal(events.filter((e) => e.type === 'StrategyRegistered').length, 2, 'the catalog is registered once, then read back from the log');
    assert.deepEqual(events.filter((e) => e.type === 'ErrorRaised'), []);
    // The risk service keeps its equity references (today's start, the peak) for its next start.
    const store = await PostgresEventStore.open(storeUrl);
    try {
      const saved = await store.loadSnapshot(RISK_EQUITY_SNAPSHOT);
      const [paper] = equityReferencesIn(saved?.state);
      assert.equal(paper?.accountId, 'paper');
      assert.ok(paper.peakEquityMinor >= paper.equityMinor, 'the peak is the highest equity it sampled');
    } finally {
      await store.close();
    }
    const trimmed = await streamsAfterTrimming(redis.url);
    assert.ok(trimmed.removed > 0, 'the market-data process trimmed what every group had acknowledged');
    assert.deepEqual(trimmed.missingPending, [], 'never an entry a group still holds pending');
  });
});

/** Entries trimmed across the deployment's streams (added minus left), and any pending entry no longer in its stream. */
async function streamsAfterTrimming(url: string): Promise<{ removed: number; missingPending: string[] }> {
  const redis = new Redis(url);
  try {
    const streams = (await redis.keys('fortress:*')).filter((key) => /^fortress:[a-z]+:[a-z]+:\d+$/.test(key));
    let removed = 0;
    const missingPending: string[] = [];
    for (const stream of streams) {
      const info = (await redis.call('XINFO', 'STREAM', stream)) as unknown[];
      const field = (name: string): number => Number(info[info.indexOf(name) + 1]);
      removed += field('entries-added') - field('length');
      const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
      for (const group of groups) {
        const name = String(group[group.indexOf('name') + 1]);
        const pending = (await redis.xpending(stream, name, '-', '+', 10_000)) as [string, string, number, number][];
        for (const [id] of pending) if ((await redis.xrange(stream, id, id)).length === 0) missingPending.push(`${stream} ${name} ${id}`);
      }
    }
    return { removed, missingPending };
  } finally {
    redis.disconnect();
  }
}
