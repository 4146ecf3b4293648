import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALPHA, startNodeApi, type NodeApi } from './nodeApiHarness.test.js';
import { TOPICS } from '../../bus/index.js';
import type { Bar, Tick } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';

type Json = Record<string, unknown> & { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } };

async function call(url: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url + path, { method: body === undefined ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
}

describe('market routes', () => {
  let api: NodeApi;
  let live: NodeApi;
  const ticks: Tick[] = [];
  const bars: Bar[] = [];
  const simulate = (body: unknown, token = api.tokens.trader) => call(api.url, '/market/simulate', token, body);

  const homes = [makeTempDir(), makeTempDir()]; // at suite level: removed after the suite, not after `before`

  before(async () => {
    api = await startNodeApi({ home: homes[0]! });
    live = await startNodeApi({ home: homes[1]!, paper: false });
    api.node.node.bus.subscribe(TOPICS.tick, (tick) => ticks.push(tick));
    api.node.node.bus.subscribe(TOPICS.bar, (bar) => bars.push(bar));
  });
  after(async () => {
    await api.close();
    await live.close();
  });

  it('injects a tick where the feed’s data enters, at the node clock’s now, and shows it as the last price', async () => {
    const before = api.node.clock.nowMs();
    const { status, body } = await simulate({ kind: 'tick', instrumentId: ALPHA.id, price: 101.25, size: 5 });
    assert.equal(status, 202);
    assert.deepEqual(body, { accepted: true, kind: 'tick', instrumentId: ALPHA.id });
    const tick = ticks.at(-1)!;
    assert.equal(tick.price, 101.25);
    assert.equal(tick.size, 5);
    assert.ok(tick.ts >= before && tick.ts <= api.node.clock.nowMs());
    const prices = await call(api.url, '/market/prices', api.tokens.viewer);
    assert.equal(prices.status, 200);
    assert.deepEqual(prices.body, { prices: { [ALPHA.id]: 101.25 } });
  });

  it('injects a bar as the period of its timeframe that has just closed', async () => {
    const { status } = await simulate({ kind: 'bar', instrumentId: ALPHA.id, open: 100, high: 102, low: 99.5, close: 101, timeframe: '5m' });
    assert.equal(status, 202);
    const bar = bars.at(-1)!;
    assert.equal(bar.timeframe, '5m');
    assert.equal(bar.ts % 300_000, 0);
    assert.ok(bar.ts + 300_000 <= api.node.clock.nowMs() && api.node.clock.nowMs() - bar.ts < 600_000);
    assert.equal(bar.volume, 10_000);
    assert.equal((await call(api.url, '/market/prices', api.tokens.viewer)).body['prices']?.[ALPHA.id as never], 101);
  });

  it('refuses a price off the tick grid naming the field, and inconsistent bars naming high or low', async () => {
    for (const [body, field] of [
      [{ kind: 'tick', instrumentId: ALPHA.id, price: 100.005 }, 'price'],
      [{ kind: 'tick', instrumentId: ALPHA.id, price: 100, size: 0.5 }, 'size'],
      [{ kind: 'bar', instrumentId: ALPHA.id, open: 100, high: 100.001, low: 99, close: 100 }, 'high'],
      [{ kind: 'bar', instrumentId: ALPHA.id, open: 100, high: 99, low: 98, close: 100 }, 'high'],
      [{ kind: 'bar', instrumentId: ALPHA.id, open: 100, high: 102, low: 100.5, close: 101 }, 'low'],
    ] as const) {
      const { status, body: answer } = await simulate(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(answer.error?.code, 'VALIDATION_FAILED');
      assert.equal(answer.error?.field, field, JSON.stringify(body));
    }
  });

  it('refuses malformed bodies naming the field: unknown kind, negative price, extra fields, bad timeframe', async () => {
    const cases: readonly [unknown, string][] = [
      [{ kind: 'quote', instrumentId: ALPHA.id, price: 1 }, 'kind'],
      [{ kind: 'tick', instrumentId: ALPHA.id, price: -1 }, 'price'],
      [{ kind: 'tick', instrumentId: ALPHA.id }, 'price'],
      [{ kind: 'tick', instrumentId: ALPHA.id, price: 1, venue: 'x' }, ''],
      [{ kind: 'bar', instrumentId: ALPHA.id, open: 1, high: 1, low: 1, close: 1, timeframe: '7m' }, 'timeframe'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await simulate(body);
      assert.equal(status, 400, JSON.stringify(body));
      if (field !== '') assert.equal(answer.error?.field, field, JSON.stringify(answer));
    }
    const response = await fetch(`${api.url}/market/simulate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.trader}`, 'content-type': 'application/json' },
      body: '{"kind": "tick", "price": ',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Json).error?.code, 'MALFORMED_JSON');
  });

  it('answers 404 naming instrumentId for an instrument the node does not trade', async () => {
    const { status, body } = await simulate({ kind: 'tick', instrumentId: 'MSFT.SIM', price: 1 });
    assert.equal(status, 404);
    assert.equal(body.error?.field, 'instrumentId');
    assert.match(body.error?.message ?? '', /MSFT\.SIM.*ALPHA\.SIM/);
  });

  it('answers 503 outside paper mode', async () => {
    const { status, body } = await call(live.url, '/market/simulate', live.tokens.trader, { kind: 'tick', instrumentId: ALPHA.id, price: 1 });
    assert.equal(status, 503);
    assert.equal(body.error?.code, 'UNAVAILABLE');
  });

  it('lets traders and admins simulate, not viewers; anyone logged in reads prices; nobody anonymous', async () => {
    const tick = { kind: 'tick', instrumentId: ALPHA.id, price: 100 };
    assert.equal((await simulate(tick, api.tokens.admin)).status, 202);
    assert.equal((await simulate(tick, api.tokens.viewer)).status, 403);
    assert.equal((await call(api.url, '/market/simulate', undefined, tick)).status, 401);
    assert.equal((await call(api.url, '/market/prices')).status, 401);
    assert.equal((await call(api.url, '/market/prices', api.tokens.viewer)).status, 200);
  });
});
