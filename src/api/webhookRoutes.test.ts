import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, checkWebhookSecret, webhookSourceRef } from '../adapters/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger, type AnyEvent } from '../core/index.js';
import { SignalIntake, parseWebhookSignal } from '../signals/index.js';
import { createHttpServer, type HttpServer, type RateLimit } from './index.js';

const SECRET = 's3cret-webhook';
const instruments = createInstrumentProvider([createInstrument({ symbol: 'RELIANCE', exchange: 'NSE', currency: 'INR', tickSize: 0.05 })]);

/** A webhook server over a real intake on a real bus whose journal is a real in-memory event store. */
async function startWebhookServer(rateLimit?: RateLimit, bodyLimitBytes?: number): Promise<{ server: HttpServer; url: string; store: MemoryEventStore; emitted: AnyEvent[] }> {
  const clock = new SimulatedClock(1_730_790_000_000);
  const store = new MemoryEventStore();
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const emitted: AnyEvent[] = [];
  bus.subscribeEvents((event) => emitted.push(event));
  const intake = new SignalIntake({ bus, clock, ids: createIdSource(clock, 5), logger: silentLogger, instruments, isStrategyActive: (id) => id === 'tv-breakout' });
  const server = createHttpServer({
    logger: silentLogger,
    port: 0,
    ...(bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}),
    health: () => [],
    webhook: {
      parse: parseWebhookSignal,
      checkSecret: (given) => checkWebhookSecret(given, SECRET),
      sourceRef: webhookSourceRef,
      acceptWebhook: async (parsed, sourceRef) => {
        const outcome = intake.accept(parsed, 'webhook', sourceRef);
        await store.flush();
        return outcome;
      },
      ...(rateLimit !== undefined ? { rateLimit } : {}),
    },
  });
  const { url } = await server.start();
  return { server, url, store, emitted };
}

const alert = { secret: SECRET, strategy: 'tv-breakout', ticker: 'NSE:RELIANCE', side: 'buy', quantity: '10', price: '2450.55', timeframe: '15', comment: 'bar 1' };

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/signals/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('POST /signals/webhook', () => {
  let server: HttpServer;
  let url: string;
  let store: MemoryEventStore;
  let emitted: AnyEvent[];

  before(async () => {
    ({ server, url, store, emitted } = await startWebhookServer());
  });
  after(() => server.close());

  it('takes a valid alert: 202 with the outcome, and a durable SignalReceived without the secret', async () => {
    const before = store.all().length;
    const response = await post(url, JSON.stringify(alert));
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { received: 1, refused: 0, duplicates: 0, refusals: [] });
    const stored = store.all().slice(before).map((s) => s.event);
    assert.deepEqual(stored.map((e) => e.type), ['SignalReceived']);
    const event = stored[0]!;
    assert.ok(event.type === 'SignalReceived');
    const { signal } = event.payload;
    assert.deepEqual([signal.origin, signal.strategyId, signal.instrumentId, signal.action, signal.quantity, signal.price, signal.timeframe], ['webhook', 'tv-breakout', 'RELIANCE.NSE', 'BUY', 10, 2450.55, '15m']);
    assert.doesNotMatch(JSON.stringify(stored), new RegExp(SECRET));
  });

  it('counts a redelivery with the same Idempotency-Key as a duplicate and emits nothing more', async () => {
    const first = await post(url, JSON.stringify({ ...alert, comment: 'bar 2' }), { 'idempotency-key': 'tv-alert-2' });
    assert.deepEqual(await first.json(), { received: 1, refused: 0, duplicates: 0, refusals: [] });
    const count = emitted.length;
    const again = await post(url, JSON.stringify({ ...alert, comment: 'bar 2, resent' }), { 'idempotency-key': 'tv-alert-2' });
    assert.equal(again.status, 202);
    assert.deepEqual(await again.json(), { received: 0, refused: 0, duplicates: 1, refusals: [] });
    assert.equal(emitted.length, count);
  });

  it('reads TradingView text/plain bodies and takes the secret from X-Webhook-Secret too', async () => {
    const { secret: _secret, ...withoutSecret } = alert;
    const response = await fetch(`${url}/signals/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-webhook-secret': SECRET },
      body: JSON.stringify({ ...withoutSecret, comment: 'bar 3' }),
    });
    assert.equal(response.status, 202);
    assert.equal(((await response.json()) as { received: number }).received, 1);
  });

  it('refuses a wrong or missing secret with 401 and emits nothing', async () => {
    const count = emitted.length;
    for (const body of [{ ...alert, secret: 'guess' }, { ...alert, secret: undefined }]) {
      const response = await post(url, JSON.stringify(body));
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: { code: 'UNAUTHORIZED', message: 'missing or wrong webhook secret' } });
    }
    const badHeader = await post(url, JSON.stringify({ ...alert, secret: undefined }), { 'x-webhook-secret': 'nope' });
    assert.equal(badHeader.status, 401);
    await badHeader.arrayBuffer();
    assert.equal(emitted.length, count);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON naming the problem, and emits nothing', async () => {
    const count = emitted.length;
    const response = await post(url, `{"secret": "${SECRET}", "strategy": "tv-breakout",`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string; message: string; field: string } };
    assert.equal(body.error.code, 'MALFORMED_JSON');
    assert.equal(body.error.field, 'body');
    assert.match(body.error.message, /^body is not valid JSON: .*JSON/);
    assert.doesNotMatch(body.error.message, new RegExp(SECRET));
    assert.equal(emitted.length, count);
  });

  it('answers a bad field with 400 naming each one, and journals the refusal', async () => {
    const before = store.all().length;
    const response = await post(url, JSON.stringify({ ...alert, quantity: -3, confidence: 2 }));
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as { error: { code: string; field: string; problems: { field: string; message: string }[] } };
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.field, 'quantity');
    assert.deepEqual(error.problems, [{ field: 'quantity', message: 'must be > 0' }, { field: 'confidence', message: 'must be in 0..1' }]);
    assert.deepEqual(store.all().slice(before).map((s) => s.event.type), ['SignalRefused']);
  });

  it('takes an alert for an unknown strategy as a refusal: 202 with the reason', async () => {
    const response = await post(url, JSON.stringify({ ...alert, strategy: 'nobody', comment: 'bar 4' }));
    assert.equal(response.status, 202);
    const outcome = (await response.json()) as { refused: number; refusals: string[] };
    assert.equal(outcome.refused, 1);
    assert.match(outcome.refusals[0]!, /strategy "nobody" is not registered or not active/);
  });

  it('answers a body that is neither JSON nor text with 415', async () => {
    const response = await fetch(`${url}/signals/webhook`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    assert.equal(response.status, 415);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with 413 naming the limit, and emits nothing', async () => {
    const count = emitted.length;
    const response = await post(url, JSON.stringify({ ...alert, comment: 'x'.repeat(300 * 1024) }));
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.deepEqual(await response.json(), { error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body exceeds the limit of 262144 bytes (256 KiB)' } });
    assert.equal(emitted.length, count);
  });

  it('answers malformed JSON sent anywhere with 400 naming the problem (the server-wide parser)', async () => {
    const response = await fetch(`${url}/no-such-route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a": tru}' });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as { error: { code: string; message: string; field: string } };
    assert.deepEqual([error.code, error.field], ['MALFORMED_JSON', 'body']);
    assert.match(error.message, /^body is not valid JSON: /);
  });

  it('refuses a body with a prototype-poisoning key', async () => {
    const response = await post(url, `{"secret": "${SECRET}", "__proto__": {"admin": true}}`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: { code: 'MALFORMED_JSON', message: 'body has a forbidden key "__proto__"', field: '__proto__' } });
  });
});

describe('webhook rate limit', () => {
  it('answers 429 with Retry-After once a caller has spent its burst, before reading the body', async () => {
    const { server, url, emitted } = await startWebhookServer({ burst: 2, perSecond: 0.1 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await post(url, JSON.stringify({ ...alert, comment: `burst ${i}` }));
        statuses.push(response.status);
        if (i === 2) {
          assert.equal(response.headers.get('retry-after'), '10');
          assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
          assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED');
        } else {
          await response.arrayBuffer();
        }
      }
      assert.deepEqual(statuses, [202, 202, 429]);
      assert.equal(emitted.filter((e) => e.type === 'SignalReceived').length, 2);
    } finally {
      await server.close();
    }
  });
});
