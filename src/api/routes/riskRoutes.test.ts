import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRoutesApi, statusByRole, type RoutesApi } from './routesHarness.test.js';

describe('risk routes', () => {
  let api: RoutesApi;
  before(async () => {
    api = await startRoutesApi();
    api.node.bar(100);
  });
  after(() => api.close());

  it('shows status, rules and state to any logged-in user', async () => {
    for (const path of ['/risk/status', '/risk/rules', '/risk/state']) {
      assert.deepEqual(await statusByRole(api, 'GET', path), { anonymous: 401, viewer: 200, trader: 200, admin: 200 }, path);
    }
    const state = await api.call('GET', '/risk/state', { as: 'viewer' });
    assert.deepEqual([state.body['state'], state.body['by']], ['ACTIVE', 'startup']);
    const rules = await api.call('GET', '/risk/rules', { as: 'viewer' });
    const dailyLoss = (rules.body['rules'] as { rule: string; limit?: number; current?: number }[]).find((r) => r.rule === 'max-daily-loss');
    assert.deepEqual([dailyLoss?.current, dailyLoss?.limit], [0, 5]);
  });

  it('lists recent rejections with their reasons and counts them by rule', async () => {
    api.node.signal('BUY', 10, { confidence: 0.2 });
    const status = await api.call('GET', '/risk/status', { as: 'viewer' });
    const recent = status.body['recentRejections'] as { rule: string; reason: string; correlationId: string }[];
    assert.equal(recent[0]?.rule, 'min-confidence');
    assert.match(recent[0]?.reason ?? '', /below the minimum/);
    assert.deepEqual(status.body['rejectionsByRule'], { 'min-confidence': 1 });
  });

  it('sets REDUCING or HALTED for a trader, ACTIVE only for an admin', async () => {
    const reducing = () => ({ state: 'REDUCING', reason: 'volatile' });
    assert.deepEqual(await statusByRole(api, 'POST', '/risk/state', reducing), { anonymous: 401, viewer: 403, trader: 200, admin: 200 });
    const active = () => ({ state: 'ACTIVE', reason: 'calm again' });
    const byRole = await statusByRole(api, 'POST', '/risk/state', active);
    assert.deepEqual(byRole, { anonymous: 401, viewer: 403, trader: 403, admin: 200 });
    const refused = await api.call('POST', '/risk/state', { as: 'trader', body: active() });
    assert.equal(refused.body.error?.code, 'FORBIDDEN');
    assert.match(refused.body.error?.message ?? '', /needs admin/);
    const halted = await api.call('POST', '/risk/state', { as: 'trader', body: { state: 'HALTED', reason: 'lunch' } });
    assert.deepEqual([halted.body['state'], halted.body['by'], halted.body['reason']], ['HALTED', 'alice', 'lunch']);
    assert.equal(api.node.ofType('TradingStateChanged').at(-1)?.payload.by, 'alice');
    await api.call('POST', '/risk/state', { as: 'admin', body: active() });
  });

  it('refuses a bad state command with 400 naming the field', async () => {
    const unknown = await api.call('POST', '/risk/state', { as: 'admin', body: { state: 'PAUSED', reason: 'x' } });
    assert.deepEqual([unknown.status, unknown.body.error?.field], [400, 'state']);
    const noReason = await api.call('POST', '/risk/state', { as: 'admin', body: { state: 'HALTED' } });
    assert.deepEqual([noReason.status, noReason.body.error?.field], [400, 'reason']);
    const blank = await api.call('POST', '/risk/kill-switch', { as: 'trader', body: { reason: '   ' } });
    assert.deepEqual([blank.status, blank.body.error?.field], [400, 'reason']);
    assert.equal(api.node.node.risk.tradingStatus.state, 'ACTIVE');
  });

  it('kill switch: a trader halts trading and every open order is asked to be canceled', async () => {
    api.node.signal('BUY', 10, { strategyId: 'k1' });
    api.node.signal('BUY', 10, { strategyId: 'k2' });
    assert.equal(api.node.node.orders.openOrders().length, 2);
    const viewer = await api.call('POST', '/risk/kill-switch', { as: 'viewer', body: { reason: 'panic' } });
    assert.equal(viewer.status, 403);
    assert.equal(api.node.node.orders.openOrders().length, 2, 'a refused call changes nothing');
    const answer = await api.call('POST', '/risk/kill-switch', { as: 'trader', body: { reason: 'runaway' } });
    assert.equal(answer.status, 200);
    assert.deepEqual([answer.body['state'], answer.body['by']], ['HALTED', 'alice']);
    assert.equal(api.node.node.orders.openOrders().length, 0);
    assert.ok(api.node.ofType('OrderCancelRequested').slice(-2).every((e) => e.payload.by === 'alice'));
    const state = await api.call('GET', '/risk/state', { as: 'viewer' });
    assert.equal(state.body['state'], 'HALTED');
  });

  it('the seed aliases: /risk/activate (admin) is ACTIVE, /risk/deactivate (trader) is HALTED', async () => {
    assert.deepEqual(await statusByRole(api, 'POST', '/risk/activate'), { anonymous: 401, viewer: 403, trader: 403, admin: 200 });
    assert.equal(api.node.node.risk.tradingStatus.state, 'ACTIVE');
    const off = await api.call('POST', '/risk/deactivate', { as: 'trader', body: { reason: 'end of day' } });
    assert.deepEqual([off.status, off.body['state'], off.body['reason']], [200, 'HALTED', 'end of day']);
    assert.equal((await api.call('POST', '/risk/deactivate', { as: 'viewer' })).status, 403);
    const on = await api.call('POST', '/risk/activate', { as: 'admin' });
    assert.deepEqual([on.body['state'], on.body['by']], ['ACTIVE', 'root']);
  });
});
