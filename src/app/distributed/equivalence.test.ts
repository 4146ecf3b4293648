import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { silentLogger, type AnyEvent } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { startPostgresServer, type PostgresServer } from '../../testing/postgres.js';
import { startRedisServer, type RedisServer } from '../../testing/redis.js';
import {
  FORTRESS_BIN, FORTRESS_ENTRY, ServiceProcesses, TEST_APPROVAL_KEY, createDatabase, logDifferences, readPostgresLog, readSqliteLog, tradingOutcome, writeTapeHome,
} from './deploymentFixture.js';
import { startDistributed } from './startDistributed.js';

const TAPE = { symbols: ['ALPHA', 'GAMMA'], bars: 300 } as const;

describe('a distributed deployment (six service processes over Redis Streams and PostgreSQL)', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let dir: string;
  let reference: AnyEvent[];
  let storeUrl: string;
  let processes: ServiceProcesses;

  before(async () => {
    [redis, postgres] = await Promise.all([startRedisServer({ appendOnly: true }), startPostgresServer()]);
    dir = makeTempDir('fortress-distributed-');
    const single = writeTapeHome(join(dir, 'single'), TAPE);
    const run = spawnSync(process.execPath, [FORTRESS_BIN, 'start'], { env: { ...process.env, FORTRESS_HOME: single, FORTRESS_PORT: '0', LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    reference = await readSqliteLog(single);
    storeUrl = await createDatabase(postgres.url, 'equivalence');
    processes = new ServiceProcesses({ busUrl: redis.url, storeUrl, home: writeTapeHome(join(dir, 'distributed'), TAPE), logDir: join(dir, 'logs') });
  });

  after(async () => {
    await processes?.stopAll();
    await Promise.all([redis?.close(), postgres?.stop()]);
  });

  it('logs the same orders, fills, positions and cash, and the same events in the same order per instrument, as `fortress start`', { timeout: 120_000 }, async () => {
    processes.startServices();
    // Bad bytes waiting on streams before the replay starts: read, dead-lettered and acknowledged, never applied.
    const client = new Redis(redis.url);
    await client.xadd('fortress:order:high:0', '*', 'e', 'not json at all');
    await client.xadd('fortress:order:high:0', '*', 'e', JSON.stringify({ id: 'x', type: 'OrderFilled', version: 1 }));
    await client.xadd('fortress:signal:normal:0', '*', 'e', JSON.stringify({ id: 'x', type: 'SignalTeleported', version: 1, ts: 0, source: 's', key: 'k', correlationId: 'c', causationId: 'c', idempotencyKey: 'i', payload: {} }));
    await client.xadd('fortress:market:low:3', '*', 'm', JSON.stringify({ kind: 'bar', key: 'ALPHA.SIM', idempotencyKey: 'b', bar: { instrumentId: 'ALPHA.SIM' } }));
    client.disconnect();
    const code = await processes.start('md', ['market-data']);
    assert.equal(code, 0, 'market-data replays the whole tape and stops');
    const logged = await readPostgresLog(storeUrl);
    assert.ok(reference.filter((e) => e.type === 'OrderFilled').length >= 50, 'a busy tape');
    assert.deepEqual(tradingOutcome(logged), tradingOutcome(reference));
    assert.deepEqual(logDifferences(reference, logged), []);
  });

  it('sends bad bytes (not JSON, wrong schema, unknown type or version) to the dead-letter stream with the reason, and the services keep running', async () => {
    const client = new Redis(redis.url);
    try {
      const letters = await client.xrange('fortress:dead-letter', '-', '+');
      const reasons = letters.map(([, fields]) => fields[fields.indexOf('reason') + 1] ?? '');
      // The order stream is read by two groups (risk, portfolio), the signal stream by two (risk, execution), the market stream by three (strategy, risk, execution).
      assert.equal(reasons.filter((r) => r.startsWith('not JSON')).length, 2);
      assert.equal(reasons.filter((r) => r.startsWith('not an event envelope')).length, 2);
      assert.equal(reasons.filter((r) => r.includes('unknown event type "SignalTeleported"')).length, 2);
      assert.equal(reasons.filter((r) => r.startsWith('not a market message')).length, 3);
    } finally {
      client.disconnect();
    }
    const status = spawnSync(process.execPath, [FORTRESS_ENTRY, 'status', '--bus', redis.url, '--store', storeUrl, '--json'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(status.status, 0, status.stderr);
    const report = JSON.parse(status.stdout) as { services: { service: string; role: string; health: string }[] };
    assert.deepEqual(report.services.map((s) => `${s.service} ${s.role} ${s.health}`).sort(), [
      'execution active ok', 'portfolio active ok', 'risk active ok', 'strategy active ok', 'strategy active ok',
    ]);
  });

  it('`fortress service all` runs the whole deployment in one process and logs the same', { timeout: 120_000 }, async () => {
    const ownRedis = await startRedisServer();
    try {
      const url = await createDatabase(postgres.url, 'allinone');
      const home = writeTapeHome(join(dir, 'all'), TAPE);
      const run = spawnSync(process.execPath, [FORTRESS_ENTRY, 'service', 'all', '--bus', ownRedis.url, '--store', url, '--home', home, '--port', '0'], {
        env: { ...process.env, FORTRESS_APPROVAL_KEY: TEST_APPROVAL_KEY, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 90_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(logDifferences(reference, await readPostgresLog(url)), []);
    } finally {
      await ownRedis.close();
    }
  });

  it('the api service answers /health, and /deployment (logged in) from Redis', async () => {
    const deployment = await startDistributed({ services: ['api'], busUrl: redis.url, storeUrl, home: join(dir, 'distributed'), logger: silentLogger, apiPort: 0, instance: 'api-test', adminPassword: 'equivalence-admin-password' });
    try {
      const health = await fetch(`${deployment.apiUrl}/health`);
      assert.equal(health.status, 200);
      assert.equal((await fetch(`${deployment.apiUrl}/deployment`)).status, 401, 'the deployment\u2019s status needs a login');
      const login = await fetch(`${deployment.apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'equivalence-admin-password' }) });
      const { token } = (await login.json()) as { token: string };
      const deploymentStatus = async (): Promise<{ services: { service: string }[]; deadLetters: number }> =>
        (await (await fetch(`${deployment.apiUrl}/deployment`, { headers: { authorization: `Bearer ${token}` } })).json()) as { services: { service: string }[]; deadLetters: number };
      assert.ok((await deploymentStatus()).services.some((s) => s.service === 'risk'), 'lists the running services');
      // Each group dead-letters the bad entries it reads: the 9 of the replay's groups, then the api group's own 3
      // (it reads every family but market data, so the bad entries on its streams once more).
      await waitFor('the api group read the streams', async () => (await deploymentStatus()).deadLetters === 12, 10_000);
    } finally {
      await deployment.stop();
    }
  });

  it('`fortress status` shows each service, every stream\u2019s pending and lag per group, the dead letters and the event store', async () => {
    const status = spawnSync(process.execPath, [FORTRESS_ENTRY, 'status', '--bus', redis.url, '--store', storeUrl], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(status.status, 0, status.stderr);
    const text = status.stdout;
    for (const expected of ['strategy', '0/2', '1/2', 'risk', 'execution', 'portfolio', 'fortress:order:high:0', 'portfolio 0 / 0', 'dead letters: 12', 'event store: reachable']) {
      assert.ok(text.includes(expected), `status shows "${expected}":\n${text}`);
    }
  });
});
