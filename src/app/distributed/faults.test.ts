import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { AnyEvent } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { startPostgresServer, type PostgresServer } from '../../testing/postgres.js';
import { startRedisServer, type RedisServer } from '../../testing/redis.js';
import { readHeartbeats } from './collectStatus.js';
import {
  FORTRESS_BIN, ServiceProcesses, committedEvents, createDatabase, logDifferences, readPostgresLog, readSqliteLog, tradingOutcome, writeTapeHome,
} from './deploymentFixture.js';

const TAPE = { symbols: ['ALPHA', 'GAMMA'], bars: 200 } as const;

/**
 * Faults during a lockstep replay, each checked "nothing lost, nothing doubled" against `fortress start` on the
 * same tape: the log must come out equal, event for event per instrument (normalised: see normalizeLog).
 */
describe('a distributed deployment under faults', () => {
  let postgres: PostgresServer;
  let dir: string;
  let reference: AnyEvent[];
  const cleanups: (() => Promise<unknown>)[] = [];

  before(async () => {
    postgres = await startPostgresServer();
    dir = makeTempDir('fortress-faults-');
    const single = writeTapeHome(join(dir, 'single'), TAPE);
    const run = spawnSync(process.execPath, [FORTRESS_BIN, 'start'], { env: { ...process.env, FORTRESS_HOME: single, FORTRESS_PORT: '0', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    reference = await readSqliteLog(single);
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await postgres?.stop();
  });

  /** A fresh Redis and database, the five consuming services started; market-data is started by the caller. */
  async function deployment(name: string): Promise<{ processes: ServiceProcesses; redis: RedisServer; storeUrl: string }> {
    const redis = await startRedisServer({ appendOnly: true });
    const storeUrl = await createDatabase(postgres.url, name);
    const processes = new ServiceProcesses({ busUrl: redis.url, storeUrl, home: writeTapeHome(join(dir, name), TAPE), logDir: join(dir, name, 'logs') });
    cleanups.push(() => redis.close(), () => processes.stopAll());
    return { processes, redis, storeUrl };
  }

  async function assertSameAsSingleProcess(storeUrl: string): Promise<void> {
    const logged = await readPostgresLog(storeUrl);
    assert.deepEqual(tradingOutcome(logged), tradingOutcome(reference));
    assert.deepEqual(logDifferences(reference, logged), []);
  }

  const eventsAt = (share: number) => async (url: string): Promise<void> =>
    waitFor(`${Math.round(share * 100)}% of the run's events`, async () => (await committedEvents(url)) >= share * reference.length, 90_000);

  it('kill -9 of each service in turn (strategy partitions, risk, execution, portfolio, market-data), each restarted', { timeout: 180_000 }, async () => {
    const { processes, storeUrl } = await deployment('kills');
    processes.startServices();
    void processes.start('md', ['market-data']);
    const victims = ['risk', 'execution', 's0', 'portfolio', 's1', 'md'];
    for (const [i, victim] of victims.entries()) {
      await eventsAt((i + 1) / (victims.length + 2))(storeUrl);
      assert.ok((await committedEvents(storeUrl)) < reference.length, `${victim} is killed mid-run`);
      await processes.restart(victim);
    }
    assert.equal(await processes.exited('md'), 0);
    await assertSameAsSingleProcess(storeUrl);
  });

  it('a restart of redis-server (AOF on) mid-run', { timeout: 120_000 }, async () => {
    const { processes, redis, storeUrl } = await deployment('redisrestart');
    processes.startServices();
    const done = processes.start('md', ['market-data']);
    await eventsAt(0.3)(storeUrl);
    await redis.restart();
    await eventsAt(0.6)(storeUrl);
    await redis.restart();
    assert.equal(await done, 0);
    await assertSameAsSingleProcess(storeUrl);
  });

  it('PostgreSQL stopped for 10 s mid-run: the services report unhealthy, wait, and resume', { timeout: 120_000 }, async () => {
    const { processes, redis, storeUrl } = await deployment('pgoutage');
    processes.startServices();
    const done = processes.start('md', ['market-data']);
    await eventsAt(0.4)(storeUrl);
    await postgres.stop();
    const control = new Redis(redis.url);
    try {
      await waitFor('a service to report the event store down', async () => (await readHeartbeats(control, 'fortress')).some((s) => s.health === 'degraded' && s.lastError.includes('event store')), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    } finally {
      control.disconnect();
      await postgres.start();
    }
    assert.equal(await done, 0);
    await assertSameAsSingleProcess(storeUrl);
  });

  it('two execution processes in one group: the active one killed, the standby takes over', { timeout: 120_000 }, async () => {
    const { processes, redis, storeUrl } = await deployment('standby');
    processes.startServices();
    void processes.start('execution-b', ['execution']);
    const done = processes.start('md', ['market-data']);
    await eventsAt(0.4)(storeUrl);
    const control = new Redis(redis.url);
    const executions = (await readHeartbeats(control, 'fortress')).filter((s) => s.service === 'execution');
    control.disconnect();
    assert.deepEqual(executions.map((s) => s.role).sort(), ['active', 'standby'], 'one consumes, the other stands by');
    const active = executions.find((s) => s.role === 'active')!.instance.replace(/-\d+$/, '');
    await processes.kill(active);
    assert.equal(await done, 0);
    await assertSameAsSingleProcess(storeUrl);
  });
});
