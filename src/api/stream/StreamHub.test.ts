import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { InProcessMessageBus } from '../../bus/index.js';
import { SimulatedClock, createEventFactory, createIdSource, silentLogger, type AnyEvent } from '../../core/index.js';
import { waitFor } from '../../testing/index.js';
import { StreamFilter } from './StreamFilter.js';
import { StreamHub, type StreamClient } from './StreamHub.js';

/** A real WebSocket server and client pair; the server side is what the hub writes to. */
async function connectedPair(server: WebSocketServer): Promise<{ server: WebSocket; tcp: Socket; client: WebSocket; received: string[] }> {
  if (server.address() === null) await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('no port');
  const accepted = new Promise<{ socket: WebSocket; tcp: Socket }>((resolve) => server.once('connection', (socket, request) => resolve({ socket, tcp: request.socket as Socket })));
  const client = new WebSocket(`ws://127.0.0.1:${address.port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  const { socket, tcp } = await accepted;
  await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(undefined) : client.once('open', resolve)));
  return { server: socket, tcp, client, received };
}

describe('stream hub', () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  after(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const clock = new SimulatedClock(0);
  const factory = createEventFactory('test', clock, createIdSource(clock, 1));

  it('listens to the bus only while a client is connected, and serves each client its filter', async () => {
    const bus = new InProcessMessageBus();
    let listening = 0;
    const events = {
      subscribe(listener: (event: AnyEvent) => void) {
        listening++;
        const stop = bus.subscribeEvents(listener);
        return () => {
          listening--;
          stop();
        };
      },
    };
    const hub = new StreamHub({ events, maxBufferedBytes: 1 << 20, batchDelayMs: 1, logger: silentLogger });
    const a = await connectedPair(wss);
    const b = await connectedPair(wss);
    const all: StreamClient = { socket: a.server, tcp: a.tcp, filter: new StreamFilter(undefined, undefined), username: 'a' };
    const expiredOnly: StreamClient = { socket: b.server, tcp: b.tcp, filter: new StreamFilter(new Set(['OrderExpired']), undefined), username: 'b' };
    assert.equal(listening, 0);
    hub.add(all);
    hub.add(expiredOnly);
    assert.equal(listening, 1, 'one subscription for every client');
    bus.emit(factory.create('OrderExpired', { clientOrderId: 'c1' }, { key: 'X' }));
    bus.emit(factory.create('OrderCanceled', { clientOrderId: 'c2', reason: 'r' }, { key: 'X' }));
    await waitFor('both clients served', () => a.received.length === 2 && b.received.length === 1);
    assert.deepEqual(a.received.map((m) => (JSON.parse(m) as { event: AnyEvent }).event.type), ['OrderExpired', 'OrderCanceled']);
    assert.equal((JSON.parse(b.received[0]!) as { type: string }).type, 'event');
    hub.remove(all);
    assert.equal(listening, 1);
    hub.remove(expiredOnly);
    assert.equal(listening, 0, 'the last client gone, the hub stops listening');
    bus.emit(factory.create('OrderExpired', { clientOrderId: 'c3' }, { key: 'X' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(b.received.length, 1);
    a.client.close();
    b.client.close();
  });
});
