import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRoutesApi, statusByRole, type RoutesApi } from './routesHarness.test.js';

describe('GET /status', () => {
  let api: RoutesApi;
  before(async () => {
    api = await startRoutesApi();
  });
  after(() => api.close());

  it('answers the node and its components to any logged-in user, 401 without one', async () => {
    assert.deepEqual(await statusByRole(api, 'GET', '/status'), { anonymous: 401, viewer: 200, trader: 200, admin: 200 });
    const answer = await api.call('GET', '/status', { as: 'viewer' });
    assert.equal(answer.body['state'], 'ok');
    assert.equal(answer.body['mode'], 'paper');
    const names = (answer.body['components'] as { name: string }[]).map((c) => c.name);
    assert.deepEqual(names, ['feed', 'event-log', 'trading', 'execution', 'strategies']);
  });

  it('turns degraded with the reason when trading is HALTED', async () => {
    api.node.node.risk.setTradingState('HALTED', 'carol', 'maintenance');
    const answer = await api.call('GET', '/status', { as: 'viewer' });
    assert.equal(answer.body['state'], 'degraded');
    const trading = (answer.body['components'] as { name: string; detail?: string }[]).find((c) => c.name === 'trading');
    assert.equal(trading?.detail, 'HALTED (carol: maintenance)');
  });

  it('refuses a tampered token with 401', async () => {
    const answer = await api.call('GET', '/status', { authorization: 'Bearer not.a.token' });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error?.code, 'UNAUTHORIZED');
  });
});
