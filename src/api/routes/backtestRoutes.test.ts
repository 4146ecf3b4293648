import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startNodeApi, type NodeApi } from './nodeApiHarness.test.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { REPORT_CONTENT_SECURITY_POLICY } from './backtestRoutes.js';

type Json = Record<string, unknown> & { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } };

async function call(api: NodeApi, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(api.url + path, { method: body === undefined ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
}

const request = { strategy: 'sma-crossover', params: { fast: 5, slow: 20 }, instruments: ['synthetic:DEMO'] };

describe('backtest routes', () => {
  let api: NodeApi;
  let doneId: string;

  const home = makeTempDir(); // at suite level: its removal runs after the suite, not after `before`

  before(async () => {
    api = await startNodeApi({ home });
    const started = await call(api, '/backtests', api.tokens.trader, request);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    doneId = started.body['id'] as string;
    await waitFor('the backtest to finish', async () => (await call(api, `/backtests/${doneId}`, api.tokens.viewer)).body['state'] === 'done', 60_000);
  });
  after(() => api.close());

  it('starts a job (202) that a viewer can follow to done, with its headline figures', async () => {
    const { status, body } = await call(api, `/backtests/${doneId}`, api.tokens.viewer);
    assert.equal(status, 200);
    assert.equal(body['progress'], 1);
    assert.equal(body['requestedBy'], 'trader');
    assert.deepEqual(body['request'], request);
    assert.equal((body['summary'] as Record<string, unknown>)['instrument'], 'DEMO.SIM');
    const list = await call(api, '/backtests', api.tokens.viewer);
    assert.equal((list.body['jobs'] as { id: string }[])[0]?.id, doneId);
  });

  it('serves result.json and the report page with its own content security policy', async () => {
    const result = await call(api, `/backtests/${doneId}/result`, api.tokens.viewer);
    assert.equal(result.status, 200);
    assert.ok(Array.isArray(result.body['equity']) && Array.isArray(result.body['trades']));
    const response = await fetch(`${api.url}/backtests/${doneId}/report`, { headers: { authorization: `Bearer ${api.tokens.viewer}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(response.headers.get('content-security-policy'), REPORT_CONTENT_SECURITY_POLICY);
    assert.match(await response.text(), /<script>/);
  });

  it('refuses bad requests with 400 naming the field', async () => {
    const cases: readonly [unknown, string][] = [
      [{ ...request, strategy: 'astrology' }, 'strategy'],
      [{ ...request, params: { fast: 30, slow: 20 } }, 'params.fast'],
      [{ ...request, instruments: ['ORCL'] }, 'instruments.0'],
      [{ ...request, instruments: [] }, 'instruments'],
      [{ ...request, instruments: ['synthetic:A', 'synthetic:B'] }, 'instruments'],
      [{ ...request, timeframe: '7m' }, 'timeframe'],
      [{ ...request, from: '2024-02-01', to: '2024-01-01' }, 'from'],
      [{ ...request, startingCash: -5 }, 'startingCash'],
      [{ params: {}, instruments: ['synthetic:A'] }, 'strategy'],
    ];
    for (const [body, field] of cases) {
      const answer = await call(api, '/backtests', api.tokens.trader, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error?.field, field, JSON.stringify(answer.body));
    }
  });

  it('answers 404 for an unknown job and 409 for the result of one that failed', async () => {
    for (const path of ['/backtests/bt-nope', '/backtests/bt-nope/result', '/backtests/bt-nope/report']) {
      assert.equal((await call(api, path, api.tokens.viewer)).status, 404, path);
    }
    const failing = await call(api, '/backtests', api.tokens.trader, { ...request, instruments: ['synthetic:TINY'], from: '2024-01-01T00:00:00Z', to: '2024-01-01T00:00:30Z', timeframe: '1m' });
    assert.equal(failing.status, 400, 'a window without one bar is refused up front');
    assert.equal(failing.body.error?.field, 'to');
    // A job the node stopped is failed: queue one behind a long one, then stop the jobs.
    const long = await call(api, '/backtests', api.tokens.trader, { ...request, timeframe: '1s', from: '2024-01-01T00:00:00Z', to: '2024-01-05T00:00:00Z' });
    const queued = await call(api, '/backtests', api.tokens.trader, request);
    assert.equal(queued.body['state'], 'queued');
    const early = await call(api, `/backtests/${String(queued.body['id'])}/result`, api.tokens.viewer);
    assert.equal(early.status, 409);
    assert.equal(early.body.error?.code, 'CONFLICT');
    await api.control.close(); // the node stops: its jobs fail, and it takes no new ones
    const stopped = await call(api, `/backtests/${String(long.body['id'])}`, api.tokens.viewer);
    assert.equal(stopped.body['state'], 'failed');
    assert.equal((await call(api, `/backtests/${String(long.body['id'])}/report`, api.tokens.viewer)).status, 409);
    assert.equal((await call(api, '/backtests', api.tokens.trader, request)).status, 503);
  });

  it('lets traders start backtests, not viewers; reading needs a caller', async () => {
    assert.equal((await call(api, '/backtests', api.tokens.viewer, request)).status, 403);
    assert.equal((await call(api, '/backtests', undefined, request)).status, 401);
    assert.equal((await call(api, '/backtests')).status, 401);
    assert.equal((await call(api, `/backtests/${doneId}/report`)).status, 401);
  });
});
