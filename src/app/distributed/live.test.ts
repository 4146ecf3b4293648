import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AnyEvent } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
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
    const home = writeSyntheticHome(makeTempDir('fortress-live-'));
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
  });
});
