import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BETA, T0 } from '../../app/control/controlHarness.test.js';
import { startRoutesApi, statusByRole, type RoutesApi } from './routesHarness.test.js';

interface OrderBody {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly status: string;
}

describe('execution routes', () => {
  let api: RoutesApi;
  const ids: Record<string, string> = {};
  before(async () => {
    api = await startRoutesApi();
    api.node.bar(100);
    api.node.bar(20, BETA.id);
    api.node.signal('BUY', 10, { strategyId: 'filled' });
    api.node.bar(100);
    // At most two strategy books per instrument (the default rule): `filled` and `open-1` in ALPHA, two in BETA.
    api.node.signal('BUY', 5, { strategyId: 'open-1' });
    api.node.signal('BUY', 250, { strategyId: 'sliced', instrumentId: BETA.id });
    api.node.signal('BUY', 5, { strategyId: 'open-2', instrumentId: BETA.id });
    for (const order of api.node.node.orders.all()) if (order.parentId === undefined) ids[order.strategyId] = order.clientOrderId;
  });
  after(() => api.close());

  it('shows the status, open orders and one order to any logged-in user', async () => {
    for (const path of ['/execution/status', '/execution/orders', `/execution/orders/${ids['open-1']!}`, '/execution/history']) {
      assert.deepEqual(await statusByRole(api, 'GET', path), { anonymous: 401, viewer: 200, trader: 200, admin: 200 }, path);
    }
    const status = await api.call('GET', '/execution/status', { as: 'viewer' });
    assert.deepEqual(status.body, { broker: 'paper', brokerSession: 'ok', openOrders: 3, ordersByState: { FILLED: 1, ACCEPTED: 3 }, awaitingReconciliation: 0 });
    const open = await api.call('GET', '/execution/orders', { as: 'viewer' });
    assert.deepEqual((open.body['orders'] as OrderBody[]).map((o) => o.strategyId).sort(), ['open-1', 'open-2', 'sliced']);
    const one = await api.call('GET', `/execution/orders/${ids['filled']!}`, { as: 'viewer' });
    assert.deepEqual([one.body['status'], one.body['filledQuantity'], one.body['avgFillPrice']], ['FILLED', 10, 100]);
    const missing = await api.call('GET', '/execution/orders/nope', { as: 'viewer' });
    assert.deepEqual([missing.status, missing.body.error?.code, missing.body.error?.field], [404, 'NOT_FOUND', 'clientOrderId']);
  });

  it('pages the order history newest first with filters', async () => {
    const page = await api.call('GET', '/execution/history?pageSize=2&page=1', { as: 'viewer' });
    assert.deepEqual([page.body['total'], page.body['page'], page.body['pageSize']], [4, 1, 2]);
    assert.deepEqual((page.body['orders'] as OrderBody[]).map((o) => o.strategyId), ['open-2', 'sliced']);
    const last = await api.call('GET', '/execution/history?pageSize=2&page=2', { as: 'viewer' });
    assert.deepEqual((last.body['orders'] as OrderBody[]).map((o) => o.strategyId), ['open-1', 'filled']);
    const filled = await api.call('GET', '/execution/history?status=FILLED', { as: 'viewer' });
    assert.deepEqual((filled.body['orders'] as OrderBody[]).map((o) => o.strategyId), ['filled']);
    const beta = await api.call('GET', `/execution/history?instrumentId=${BETA.id}&strategyId=sliced`, { as: 'viewer' });
    assert.equal(beta.body['total'], 1);
    const early = await api.call('GET', `/execution/history?to=${new Date(T0 + 2 * 60_000).toISOString()}`, { as: 'viewer' });
    assert.deepEqual((early.body['orders'] as OrderBody[]).map((o) => o.strategyId), ['filled']);
    const late = await api.call('GET', `/execution/history?from=${T0 + 3 * 60_000}`, { as: 'viewer' });
    assert.equal(late.body['total'], 3);
    assert.equal((await api.call('GET', '/execution/history', { as: 'viewer' })).body['pageSize'], 50);
  });

  it('refuses bad history queries with 400 naming the query field', async () => {
    const cases: [string, string][] = [
      ['pageSize=501', 'querystring.pageSize'],
      ['pageSize=0', 'querystring.pageSize'],
      ['page=-1', 'querystring.page'],
      ['page=two', 'querystring.page'],
      ['status=LOST', 'querystring.status'],
      ['from=yesterday', 'querystring.from'],
      [`from=${T0 + 1}&to=${T0}`, 'querystring.from'],
    ];
    for (const [query, field] of cases) {
      const answer = await api.call('GET', `/execution/history?${query}`, { as: 'viewer' });
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.error?.code, 'VALIDATION_FAILED');
      assert.equal(answer.body.error?.field, field, `${query}: ${JSON.stringify(answer.body)}`);
    }
  });

  it('cancels one open order for a trader (202), naming the user; 404 unknown, 409 not open', async () => {
    const path = `/execution/orders/${ids['open-1']!}/cancel`;
    assert.equal((await api.call('POST', path)).status, 401);
    assert.equal((await api.call('POST', path, { as: 'viewer' })).status, 403);
    assert.equal(api.node.node.orders.get(ids['open-1']!)?.status, 'ACCEPTED', 'a refused call changes nothing');
    const answer = await api.call('POST', path, { as: 'trader' });
    assert.equal(answer.status, 202);
    assert.equal(answer.body['clientOrderId'], ids['open-1']);
    assert.equal(api.node.ofType('OrderCancelRequested').at(-1)?.payload.by, 'alice');
    assert.equal(api.node.node.orders.get(ids['open-1']!)?.status, 'CANCELED');
    const again = await api.call('POST', path, { as: 'trader' });
    assert.deepEqual([again.status, again.body.error?.code], [409, 'CONFLICT']);
    const filled = await api.call('POST', `/execution/orders/${ids['filled']!}/cancel`, { as: 'admin' });
    assert.equal(filled.status, 409);
    assert.match(filled.body.error?.message ?? '', /is FILLED/);
    const unknown = await api.call('POST', '/execution/orders/nope/cancel', { as: 'trader' });
    assert.deepEqual([unknown.status, unknown.body.error?.field], [404, 'clientOrderId']);
  });

  it('cancels every open order for a trader and says how many were asked', async () => {
    assert.equal((await api.call('POST', '/execution/cancel-all', { as: 'viewer' })).status, 403);
    const answer = await api.call('POST', '/execution/cancel-all', { as: 'trader' });
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.body, { requested: 4 }, 'open-2 and the three slices');
    const open = await api.call('GET', '/execution/orders', { as: 'viewer' });
    assert.deepEqual(open.body['orders'], []);
    const audits = api.node.ofType('UserActionRecorded').filter((e) => e.payload.action === 'POST /execution/cancel-all');
    assert.deepEqual(audits.map((e) => [e.payload.username, e.payload.outcome]), [['bob', 403], ['alice', 202]]);
  });
});
