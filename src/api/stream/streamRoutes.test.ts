import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { ALPHA, startNodeApi, type NodeApi } from '../routes/nodeApiHarness.test.js';
import { createEventFactory, createIdSource, type AnyEvent } from '../../core/index.js';
import { makeTempDir, waitFor } from '../../testing/index.js';
import { TOO_SLOW_CLOSE_CODE } from './index.js';

interface Message {
  readonly type: string;
  readonly event?: AnyEvent;
  readonly user?: string;
  readonly filter?: { readonly types: readonly string[] | null; readonly instruments: readonly string[] | null };
}

/** A client that records every message; resolves once the hello has arrived. */
class Client {
  readonly messages: Message[] = [];
  closeCode: number | undefined;
  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
    socket.on('close', (code) => (this.closeCode = code));
  }

  static async open(api: NodeApi, query: string, headers: Record<string, string> = { authorization: `Bearer ${api.tokens.viewer}` }): Promise<Client> {
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/stream${query}`, { headers });
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await waitFor('the hello', () => client.messages.length > 0);
    return client;
  }

  events(): AnyEvent[] {
    return this.messages.filter((m) => m.type === 'event').map((m) => m.event!);
  }
}

/** The HTTP status a refused upgrade got. */
function refusedStatus(api: NodeApi, query: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/stream${query}`, { headers });
    socket.on('error', () => undefined); // terminate() below reports the refused handshake as an error
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
  });
}

describe('event stream (WebSocket)', () => {
  const home = makeTempDir();
  let api: NodeApi;
  const factory = () => createEventFactory('test', api.node.clock, createIdSource(api.node.clock, 5));
  const rejected = (key: string, n: number, reason = 'no') => factory().create('OrderRejected', { clientOrderId: `c${n}`, reason }, { key });

  before(async () => {
    api = await startNodeApi({ home });
  });
  after(() => api.close());

  it('greets the caller with the filter, then sends each live event that matches it', async () => {
    const all = await Client.open(api, '');
    const byType = await Client.open(api, '?types=OrderCanceled,OrderRejected');
    const byInstrument = await Client.open(api, '?instruments=MSFT.SIM');
    assert.deepEqual(all.messages[0], { type: 'hello', user: 'viewer', role: 'viewer', filter: { types: null, instruments: null }, maxBufferedBytes: 1024 * 1024 });
    assert.deepEqual(byType.messages[0]?.filter, { types: ['OrderCanceled', 'OrderRejected'], instruments: null });

    const f = factory();
    api.node.node.bus.emit(rejected(ALPHA.id, 1));
    api.node.node.bus.emit(f.create('OrderExpired', { clientOrderId: 'c2' }, { key: 'MSFT.SIM' }));
    api.node.node.bus.emit(f.create('SignalIgnored', { signalId: 's', strategyId: 'x', instrumentId: 'MSFT.SIM', reason: 'test' }, { key: 'x' }));
    await waitFor('every event at the unfiltered client', () => all.events().length === 3);
    await waitFor('the instrument’s events', () => byInstrument.events().length === 2);
    assert.deepEqual(all.events().map((e) => e.type), ['OrderRejected', 'OrderExpired', 'SignalIgnored']);
    assert.deepEqual(byType.events().map((e) => e.type), ['OrderRejected']);
    assert.deepEqual(byInstrument.events().map((e) => e.type), ['OrderExpired', 'SignalIgnored'], 'by key, and by payload.instrumentId');
    const sent = all.events()[0]!;
    assert.equal(sent.key, ALPHA.id);
    assert.deepEqual(sent.payload, { clientOrderId: 'c1', reason: 'no' });
    for (const client of [all, byType, byInstrument]) client.socket.close();
  });

  it('streams the audit of a call made over HTTP, naming the user', async () => {
    const client = await Client.open(api, '?types=UserActionRecorded');
    const response = await fetch(`${api.url}/market/simulate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.trader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'tick', instrumentId: ALPHA.id, price: 100 }),
    });
    assert.equal(response.status, 202);
    await waitFor('the audit event', () => client.events().length === 1);
    const audit = client.events()[0]!;
    assert.equal(audit.type, 'UserActionRecorded');
    assert.equal((audit.payload as { username: string }).username, 'trader');
    client.socket.close();
  });

  it('frames events of every size: short, 16-bit and 64-bit lengths', async () => {
    const client = await Client.open(api, '?types=OrderRejected');
    const reasons = ['a', 'b'.repeat(200), 'c'.repeat(70_000)];
    reasons.forEach((reason, i) => api.node.node.bus.emit(rejected(ALPHA.id, i, reason)));
    await waitFor('the three events', () => client.events().length === 3);
    assert.deepEqual(client.events().map((e) => (e.payload as { reason: string }).reason), reasons);
    client.socket.close();
  });

  it('takes the credential as ?token= too', async () => {
    const client = await Client.open(api, `?token=${api.tokens.viewer}&types=OrderRejected`, {});
    assert.equal(client.messages[0]?.user, 'viewer');
    client.socket.close();
  });

  it('refuses the upgrade with 401 without a caller or with a bad token, and 400 naming an unknown type', async () => {
    assert.equal(await refusedStatus(api, ''), 401);
    assert.equal(await refusedStatus(api, '', { authorization: 'Bearer nonsense' }), 401);
    assert.equal(await refusedStatus(api, '?token=nonsense'), 401);
    assert.equal(await refusedStatus(api, '?types=OrderTeleported', { authorization: `Bearer ${api.tokens.viewer}` }), 400);
    assert.equal(await refusedStatus(api, '?types=OrderTeleported'), 401, 'no caller: refused before its query is looked at');
  });

  it('drops a client that stops reading, while another keeps receiving and the engine never waits', async () => {
    const reader = await Client.open(api, '?types=OrderRejected');
    const sleeper = await Client.open(api, '?types=OrderRejected');
    sleeper.socket.pause(); // reads nothing more: its TCP window fills, then the server's buffer
    // 5,000 events of 4 KB: 20 MB, more than the sockets' kernel buffers and the 1 MiB backlog limit together.
    const reason = 'x'.repeat(4_000);
    const count = 5_000;
    let slowestBurstMs = 0;
    for (let burst = 0; burst < 50; burst++) {
      const started = performance.now();
      for (let i = 0; i < count / 50; i++) api.node.node.bus.emit(rejected(ALPHA.id, burst * 100 + i, reason));
      slowestBurstMs = Math.max(slowestBurstMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5)); // as between ticks: the stream writes, the reader reads
    }
    await waitFor('every event at the reading client', () => reader.events().length === count, 60_000);
    assert.ok(slowestBurstMs < 100, `emitting 100 events took ${slowestBurstMs.toFixed(1)} ms`);
    sleeper.socket.resume();
    await waitFor('the sleeper to be closed', () => sleeper.closeCode !== undefined, 10_000);
    assert.ok(sleeper.events().length < count, `the sleeper got ${sleeper.events().length} of ${count}`);
    assert.ok([TOO_SLOW_CLOSE_CODE, 1006].includes(sleeper.closeCode!), `close code ${sleeper.closeCode}`);
    reader.socket.close();
  });
});
