import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALPHA, BETA } from '../../app/control/controlHarness.test.js';
import { startRoutesApi, statusByRole, type RoutesApi } from './routesHarness.test.js';

describe('strategy routes', () => {
  let api: RoutesApi;
  before(async () => {
    api = await startRoutesApi();
  });
  after(() => api.close());

  it('lists strategies, kinds and one strategy to any logged-in user', async () => {
    assert.deepEqual(await statusByRole(api, 'GET', '/strategies'), { anonymous: 401, viewer: 200, trader: 200, admin: 200 });
    const list = await api.call('GET', '/strategies', { as: 'viewer' });
    assert.deepEqual(list.body['strategies'], [
      { strategyId: 'sma-1', strategy: 'sma-crossover', instruments: [ALPHA.id], timeframe: '1m', params: { fast: 2, slow: 3 }, active: true, running: true, exchange: 'SIM' },
    ]);
    const kinds = await api.call('GET', '/strategies/kinds', { as: 'viewer' });
    const rsi = (kinds.body['kinds'] as { name: string; params: object }[]).find((k) => k.name === 'rsi');
    assert.deepEqual(rsi?.params, { period: 14, oversold: 30, overbought: 70, confidence: 0.7 });
    const one = await api.call('GET', '/strategies/sma-1', { as: 'viewer' });
    assert.equal(one.body['strategy'], 'sma-crossover');
  });

  it('answers 404 naming an unknown strategy id, for a query and for each command', async () => {
    for (const [method, path, body] of [
      ['GET', '/strategies/ghost', undefined],
      ['POST', '/strategies/ghost/activate', undefined],
      ['POST', '/strategies/ghost/deactivate', undefined],
      ['PATCH', '/strategies/ghost/params', { params: { fast: 3 } }],
    ] as const) {
      const answer = await api.call(method, path, { as: 'trader', ...(body !== undefined ? { body } : {}) });
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal(answer.body.error?.code, 'NOT_FOUND');
      assert.equal(answer.body.error?.field, 'strategyId');
      assert.match(answer.body.error?.message ?? '', /"ghost"/);
    }
  });

  it('registers a strategy for an admin only (201), refusing a taken id with 409', async () => {
    let n = 0;
    const spec = () => ({ strategyId: `mom-${++n}`, strategy: 'momentum', instruments: [BETA.id], timeframe: '5m', params: { lookback: 6 } });
    assert.deepEqual(await statusByRole(api, 'POST', '/strategies', spec), { anonymous: 401, viewer: 403, trader: 403, admin: 201 });
    const created = await api.call('GET', `/strategies/mom-${n}`, { as: 'viewer' });
    assert.deepEqual([created.body['timeframe'], created.body['params'], created.body['running']], ['5m', { lookback: 6 }, true]);
    const again = await api.call('POST', '/strategies', { as: 'admin', body: { strategyId: `mom-${n}`, strategy: 'rsi', instruments: [ALPHA.id] } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error?.code, 'CONFLICT');
    assert.equal(again.body.error?.field, 'strategyId');
  });

  it('refuses a bad registration with 400 naming the field: missing, unknown strategy, unknown instrument, bad parameter', async () => {
    const cases: [unknown, string][] = [
      [{ strategyId: 'x1', strategy: 'rsi' }, 'instruments'],
      [{ strategyId: 'x 1', strategy: 'rsi', instruments: [ALPHA.id] }, 'strategyId'],
      [{ strategyId: 'x1', strategy: 'rsi', instruments: [ALPHA.id], timeframe: '2m' }, 'timeframe'],
      [{ strategyId: 'x1', strategy: 'martingale', instruments: [ALPHA.id] }, 'strategy'],
      [{ strategyId: 'x1', strategy: 'rsi', instruments: ['NOPE.SIM'] }, 'instruments'],
      [{ strategyId: 'x1', strategy: 'rsi', instruments: [ALPHA.id], params: { period: 0 } }, 'params.period'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.call('POST', '/strategies', { as: 'admin', body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error?.code, 'VALIDATION_FAILED');
      assert.equal(answer.body.error?.field, field, JSON.stringify(answer.body));
    }
    const extra = await api.call('POST', '/strategies', { as: 'admin', body: { strategyId: 'x1', strategy: 'rsi', instruments: [ALPHA.id], colour: 'red' } });
    assert.equal(extra.status, 400);
    assert.match(extra.body.error?.message ?? '', /colour/, 'an unknown field is named');
    assert.equal(api.node.catalog.get('x1'), undefined);
  });

  it('deactivates and activates for a trader, naming the user on the event and in the audit', async () => {
    assert.deepEqual(await statusByRole(api, 'POST', '/strategies/sma-1/deactivate'), { anonymous: 401, viewer: 403, trader: 200, admin: 200 });
    const off = await api.call('POST', '/strategies/sma-1/deactivate', { as: 'trader' });
    assert.deepEqual([off.status, off.body['active'], off.body['running']], [200, false, false]);
    assert.equal(api.node.ofType('StrategyDeactivated')[0]?.payload.by, 'alice');
    const on = await api.call('POST', '/strategies/sma-1/activate', { as: 'trader' });
    assert.deepEqual([on.body['active'], on.body['running']], [true, true]);
    const audits = api.node.ofType('UserActionRecorded').filter((e) => e.payload.action === 'POST /strategies/:strategyId/activate' && e.payload.outcome === 200);
    assert.deepEqual(audits.map((e) => [e.payload.username, e.payload.target]), [['alice', 'sma-1']]);
  });

  it('changes parameters for a trader; a parameter the strategy refuses is 400 naming it', async () => {
    assert.deepEqual((await statusByRole(api, 'PATCH', '/strategies/sma-1/params', () => ({ params: { fast: 2 } }))).viewer, 403);
    const changed = await api.call('PATCH', '/strategies/sma-1/params', { as: 'trader', body: { params: { slow: 5 } } });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body['params'], { fast: 2, slow: 5 });
    const bad = await api.call('PATCH', '/strategies/sma-1/params', { as: 'trader', body: { params: { fast: 9 } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.field, 'params.fast');
    assert.match(bad.body.error?.message ?? '', /must be less than slow \(5\), got 9/);
    const unknownParam = await api.call('PATCH', '/strategies/sma-1/params', { as: 'trader', body: { params: { fastest: 1 } } });
    assert.equal(unknownParam.status, 400);
    assert.equal(unknownParam.body.error?.field, 'params.fastest');
    const noParams = await api.call('PATCH', '/strategies/sma-1/params', { as: 'trader', body: { fast: 3 } });
    assert.equal(noParams.status, 400);
    assert.equal(noParams.body.error?.field, 'params');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and an oversized body with 413', async () => {
    const malformed = await api.call('PATCH', '/strategies/sma-1/params', { as: 'trader', rawBody: '{"params": {"fast": 3' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error?.code, 'MALFORMED_JSON');
    const huge = await api.call('POST', '/strategies', { as: 'admin', body: { strategyId: 'big', strategy: 'rsi', instruments: ['x'.repeat(300 * 1024)] } });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error?.code, 'PAYLOAD_TOO_LARGE');
  });
});
