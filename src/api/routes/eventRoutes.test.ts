import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALPHA, startNodeApi, type NodeApi } from './nodeApiHarness.test.js';
import { createEventFactory, createIdSource, type Signal } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';

type Json = Record<string, unknown> & { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } };
interface Stored {
  readonly seq: number;
  readonly event: { readonly type: string; readonly ts: number; readonly key: string; readonly correlationId: string; readonly payload: Record<string, unknown> };
}

async function call(api: NodeApi, path: string, token?: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(api.url + path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
}

/** An external BUY signal on the node's bus, as the intake makes one: the start of a chain whose correlation id is the signal's id. */
function emitSignal(api: NodeApi, signalId: string): string {
  const factory = createEventFactory('test', api.node.clock, createIdSource(api.node.clock, 99));
  const signal: Signal = {
    signalId,
    strategyId: 'manual',
    instrumentId: ALPHA.id,
    action: 'BUY',
    confidence: 1,
    reason: 'test',
    timeframe: '1m',
    ts: api.node.clock.nowMs(),
    origin: 'manual',
  };
  api.node.node.bus.emit(factory.create('SignalReceived', { signal }, { key: ALPHA.id, correlationId: signalId }));
  return signalId;
}

describe('event routes', () => {
  let api: NodeApi;
  let correlationId: string;

  const home = makeTempDir(); // at suite level: its removal runs after the suite, not after `before`

  before(async () => {
    api = await startNodeApi({ home });
    const bar = { kind: 'bar', instrumentId: ALPHA.id, open: 100, high: 100, low: 100, close: 100 };
    assert.equal((await call(api, '/market/simulate', api.tokens.trader, { method: 'POST', body: bar })).status, 202);
    correlationId = emitSignal(api, 'sig-1');
    // The paper broker fills a market order at the next bar's open.
    api.node.clock.advanceTo(api.node.clock.nowMs() + 120_000);
    assert.equal((await call(api, '/market/simulate', api.tokens.trader, { method: 'POST', body: { ...bar, open: 100.05, high: 100.05 } })).status, 202);
    await waitFor('the fill and the position', async () => {
      const found = await call(api, `/events?type=PositionChanged&correlationId=${correlationId}`, api.tokens.viewer);
      return (found.body['events'] as Stored[]).length > 0;
    });
  });
  after(() => api.close());

  it('tells a trade’s whole story in log order, from signal to position', async () => {
    const { status, body } = await call(api, `/events/story/${correlationId}`, api.tokens.viewer);
    assert.equal(status, 200);
    const types = (body['events'] as Stored[]).map((s) => s.event.type);
    const order = ['SignalReceived', 'TradeIntentCreated', 'RiskApproved', 'OrderSubmitted', 'OrderFilled', 'PositionChanged'];
    const positions = order.map((type) => types.indexOf(type));
    assert.ok(positions.every((p) => p >= 0), `story has every step: ${types.join(', ')}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `in causal order: ${types.join(', ')}`);
    const seqs = (body['events'] as Stored[]).map((s) => s.seq);
    assert.deepEqual([...seqs].sort((a, b) => a - b), seqs);
    assert.ok((body['events'] as Stored[]).every((s) => s.event.correlationId === correlationId));
  });

  it('answers 404 naming the correlation id when no event carries it', async () => {
    const { status, body } = await call(api, '/events/story/nothing-here', api.tokens.viewer);
    assert.equal(status, 404);
    assert.equal(body.error?.code, 'NOT_FOUND');
    assert.equal(body.error?.field, 'correlationId');
  });

  it('filters by several types and pages forward with afterSeq until nextAfterSeq is null', async () => {
    const all = await call(api, '/events?type=OrderSubmitted,OrderFilled&limit=1000', api.tokens.viewer);
    assert.equal(all.status, 200);
    const events = all.body['events'] as Stored[];
    assert.deepEqual(new Set(events.map((s) => s.event.type)), new Set(['OrderSubmitted', 'OrderFilled']));
    assert.equal(all.body['nextAfterSeq'], null);
    const first = await call(api, '/events?limit=2', api.tokens.viewer);
    const page = first.body['events'] as Stored[];
    assert.equal(page.length, 2);
    assert.equal(first.body['nextAfterSeq'], page[1]!.seq);
    const second = await call(api, `/events?limit=2&afterSeq=${page[1]!.seq}`, api.tokens.viewer);
    assert.ok((second.body['events'] as Stored[]).every((s) => s.seq > page[1]!.seq));
  });

  it('answers the latest events first with order=desc and pages back with beforeSeq until nextBeforeSeq is null', async () => {
    const all = (await call(api, '/events?limit=1000', api.tokens.viewer)).body['events'] as Stored[];
    const newest = await call(api, '/events?order=desc&limit=3', api.tokens.viewer);
    assert.equal(newest.status, 200);
    const page = newest.body['events'] as Stored[];
    assert.deepEqual(page.map((s) => s.seq), all.slice(-3).map((s) => s.seq).reverse());
    assert.equal(newest.body['nextBeforeSeq'], page[2]!.seq);
    assert.equal(newest.body['nextAfterSeq'], null);
    const older = await call(api, `/events?order=desc&limit=1000&beforeSeq=${page[2]!.seq}`, api.tokens.viewer);
    assert.deepEqual((older.body['events'] as Stored[]).map((s) => s.seq), all.slice(0, -3).map((s) => s.seq).reverse());
    assert.equal(older.body['nextBeforeSeq'], null);
    const wrong = await call(api, '/events?order=sideways', api.tokens.viewer);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error?.field, 'querystring.order');
  });

  it('filters by key and by time, given as ISO 8601 or epoch ms', async () => {
    const byKey = await call(api, `/events?key=${ALPHA.id}&limit=1000`, api.tokens.viewer);
    const keyed = byKey.body['events'] as Stored[];
    assert.ok(keyed.length > 0 && keyed.every((s) => s.event.key === ALPHA.id));
    const ts = keyed[keyed.length - 1]!.event.ts;
    const fromMs = await call(api, `/events?from=${ts}&limit=1000`, api.tokens.viewer);
    assert.ok((fromMs.body['events'] as Stored[]).every((s) => s.event.ts >= ts));
    const future = new Date(ts + 3_600_000).toISOString();
    const none = await call(api, `/events?from=${encodeURIComponent(future)}`, api.tokens.viewer);
    assert.deepEqual(none.body['events'], []);
    const early = await call(api, '/events?to=2000-01-01', api.tokens.viewer);
    assert.deepEqual(early.body['events'], []);
  });

  it('refuses an unknown event type by name, and bad limits, times and windows naming the field', async () => {
    const unknown = await call(api, '/events?type=OrderFilled,OrderTeleported', api.tokens.viewer);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error?.code, 'VALIDATION_FAILED');
    assert.equal(unknown.body.error?.field, 'querystring.type');
    assert.match(unknown.body.error?.message ?? '', /OrderTeleported/);
    for (const [query, field] of [
      ['limit=1001', 'querystring.limit'],
      ['limit=0', 'querystring.limit'],
      ['afterSeq=-1', 'querystring.afterSeq'],
      ['from=yesterday', 'querystring.from'],
      ['from=2024-02-01&to=2024-01-01', 'querystring.from'],
    ] as const) {
      const { status, body } = await call(api, `/events?${query}`, api.tokens.viewer);
      assert.equal(status, 400, query);
      assert.equal(body.error?.field, field, query);
    }
  });

  it('needs a caller: no token is 401, a tampered one is 401', async () => {
    assert.equal((await call(api, '/events')).status, 401);
    assert.equal((await call(api, `/events/story/${correlationId}`)).status, 401);
    const tampered = `${api.tokens.viewer.slice(0, -4)}AAAA`;
    assert.equal((await call(api, '/events', tampered)).status, 401);
  });

  it('records state-changing calls as UserActionRecorded events naming the user', async () => {
    const { body } = await call(api, '/events?type=UserActionRecorded&limit=1000', api.tokens.viewer);
    const audits = (body['events'] as Stored[]).map((s) => s.event.payload);
    const simulate = audits.find((p) => p['action'] === 'POST /market/simulate');
    assert.ok(simulate !== undefined, 'the simulate call was audited');
    assert.equal(simulate['username'], 'trader');
    assert.equal(simulate['outcome'], 202);
  });
});
