import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_BOOK, silentLogger, type AnyEvent, type Order, type PositionSnapshot } from '../../core/index.js';
import { WebSocket } from 'ws';
import { OrderRegistry } from '../../execution/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { startPostgresServer, type PostgresServer } from '../../testing/postgres.js';
import { startRedisServer, type RedisServer } from '../../testing/redis.js';
import { ApprovalKey } from './ApprovalKey.js';
import { TEST_APPROVAL_KEY, committedEvents, createDatabase, readPostgresLog, writeSyntheticHome } from './deploymentFixture.js';
import { SERVICE_NAMES } from './serviceRoles.js';
import { startDistributed, type RunningDeployment } from './startDistributed.js';

const PASSWORD = 'api-service-test-password-1';

/** The account books of the last PositionChanged per instrument: what the portfolio service holds. */
function heldPositions(events: readonly AnyEvent[]): PositionSnapshot[] {
  const last = new Map<string, PositionSnapshot>();
  for (const e of events) if (e.type === 'PositionChanged' && e.payload.position.strategyId === ACCOUNT_BOOK) last.set(e.payload.position.instrumentId, e.payload.position);
  return [...last.values()].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId));
}

const snapshotOf = (p: PositionSnapshot): Record<string, unknown> => ({
  accountId: p.accountId, strategyId: p.strategyId, instrumentId: p.instrumentId, quantity: p.quantity, costMinor: p.costMinor, realizedMinor: p.realizedMinor, commissionMinor: p.commissionMinor,
});

/** The parts of the API's answers these specs read (each route answers one of them). */
interface Answer {
  readonly status: number;
  readonly json: {
    readonly error: { readonly code: string; readonly message: string };
    readonly state?: string;
    readonly strategies?: readonly unknown[];
    readonly tradingState?: { readonly state: string };
    readonly orders?: readonly Order[];
    readonly positions?: readonly PositionSnapshot[];
    readonly events?: readonly { readonly type: string }[];
  };
}

describe('the api service of a deployment', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let deployment: RunningDeployment | undefined;
  let token = '';
  let storeUrl = '';

  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${deployment!.apiUrl}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: (await response.json()) as Answer['json'] };
  };

  before(async () => {
    [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
    const home = writeSyntheticHome(makeTempDir('fortress-apisvc-'));
    storeUrl = await createDatabase(postgres.url, 'apisvc');
    deployment = await startDistributed({
      services: [...SERVICE_NAMES], busUrl: redis.url, storeUrl, home, logger: silentLogger, apiPort: 0, adminPassword: PASSWORD, instance: 'apisvc',
      approvalKey: ApprovalKey.parse(TEST_APPROVAL_KEY), onFatal: (reason) => assert.fail(reason),
    });
    const login = await fetch(`${deployment.apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    assert.equal(login.status, 200, 'the first-run admin logs in with the configured password');
    token = ((await login.json()) as { token: string }).token;
  });

  after(async () => {
    await deployment?.stop();
    await Promise.all([redis?.close(), postgres?.stop()]);
  });

  it('serves the strategies, status and health from its own views', { timeout: 30_000 }, async () => {
    const strategies = await call('GET', '/strategies');
    assert.equal(strategies.status, 200);
    await waitFor('the catalog view', async () => ((await call('GET', '/strategies')).json.strategies ?? []).length === 2, 10_000);
    const health = await fetch(`${deployment!.apiUrl}/health`);
    assert.equal(health.status, 200);
    const status = await call('GET', '/status');
    assert.equal(status.status, 200);
    assert.equal((await call('GET', '/deployment')).status, 200);
  });

  it('answers 501 NOT_IN_DISTRIBUTED_MODE for a command no service takes yet', { timeout: 10_000 }, async () => {
    const simulate = await call('POST', '/market/simulate', { kind: 'tick', instrumentId: 'ALPHA.SIM', price: 100 });
    assert.equal(simulate.status, 501, JSON.stringify(simulate.json));
    assert.equal(simulate.json.error.code, 'NOT_IN_DISTRIBUTED_MODE');
    const deactivate = await call('POST', '/strategies/a/deactivate', {});
    assert.equal(deactivate.status, 501);
    assert.match(deactivate.json.error.message, /runs in the single process only \(fortress start\)/);
  });

  it('a kill switch sent to the api service HALTs the risk service, and /positions and /execution/orders equal what the services hold', { timeout: 90_000 }, async () => {
    await waitFor('two fills', async () => (await committedEvents(storeUrl, 'OrderFilled')) >= 2, 40_000);
    // The WebSocket stream forwards what the api service consumes.
    const streamed: { type: string; event?: { type: string; source: string } }[] = [];
    const socket = new WebSocket(`${deployment!.apiUrl!.replace('http', 'ws')}/stream`, { headers: { authorization: `Bearer ${token}` } });
    socket.on('message', (data) => streamed.push(JSON.parse(String(data)) as (typeof streamed)[number]));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const kill = await call('POST', '/risk/kill-switch', { reason: 'api service test' });
    assert.equal(kill.status, 200, JSON.stringify(kill.json));
    assert.equal(kill.json.state, 'HALTED');
    // The risk service applied it: its TradingStateChanged names the user and asks execution to cancel every open order.
    await waitFor('the risk service halts', async () => (await readPostgresLog(storeUrl)).some((e) => e.type === 'TradingStateChanged' && e.payload.to === 'HALTED' && e.payload.by === 'admin' && e.payload.cancelOpenOrders === true), 10_000);
    await waitFor('the api view shows HALTED', async () => (await call('GET', '/risk/status')).json.tradingState?.state === 'HALTED', 10_000);
    await waitFor('the stream forwards the risk service\u2019s TradingStateChanged', async () => streamed.some((m) => m.event?.type === 'TradingStateChanged' && m.event.source === 'risk'), 10_000);
    socket.close();
    await waitFor('no open order', async () => (await call('GET', '/execution/orders')).json.orders?.length === 0, 20_000);
    // Quiet now (halted, nothing open): the views must equal the folds of the services' own events.
    await waitFor('positions equal the portfolio service\u2019s', async () => {
      const events = await readPostgresLog(storeUrl);
      const served = ((await call('GET', '/positions')).json.positions ?? []).map(snapshotOf).sort((a, b) => String(a['instrumentId']).localeCompare(String(b['instrumentId'])));
      return JSON.stringify(served) === JSON.stringify(heldPositions(events).map(snapshotOf));
    }, 20_000);
    const events = await readPostgresLog(storeUrl);
    assert.ok(heldPositions(events).some((p) => p.quantity !== 0 || p.realizedMinor !== 0), 'the run traded');
    const registry = new OrderRegistry();
    for (const e of events) registry.apply(e);
    const held = registry.all().filter((o) => registry.entry(o.clientOrderId)?.sliceParent === undefined).map((o: Order) => `${o.clientOrderId}:${o.status}:${o.filledQuantity}`).sort();
    const history = await call('GET', '/execution/history?pageSize=500');
    assert.equal(history.status, 200, JSON.stringify(history.json));
    const served = (history.json.orders ?? []).map((o) => `${o.clientOrderId}:${o.status}:${o.filledQuantity}`).sort();
    assert.deepEqual(served, held);
    // Setting the trading state travels the same way: the risk service applies it, naming the user.
    const resume = await call('POST', '/risk/state', { state: 'REDUCING', reason: 'api service test resumes carefully' });
    assert.equal(resume.status, 200, JSON.stringify(resume.json));
    await waitFor('the risk service is REDUCING', async () => (await readPostgresLog(storeUrl)).some((e) => e.type === 'TradingStateChanged' && e.payload.to === 'REDUCING' && e.payload.by === 'admin'), 10_000);
    await waitFor('the api view shows REDUCING', async () => (await call('GET', '/risk/status')).json.tradingState?.state === 'REDUCING', 10_000);
    // An event query reads the PostgreSQL store.
    const halted = await call('GET', '/events?types=TradingStateChanged&limit=10');
    assert.equal(halted.status, 200);
    assert.ok((halted.json.events ?? []).length >= 1);
  });
});
