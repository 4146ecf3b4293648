import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../../../testing/index.js';
import { startRedisServer, type RedisServer } from '../../../testing/redis.js';
import type { TransportMessage } from './marketMessage.js';
import { isMarketMessage } from './marketMessage.js';
import { RedisStreamsConsumer } from './RedisStreamsConsumer.js';
import { RedisStreamsPublisher } from './RedisStreamsPublisher.js';
import { TransportFixtures, sequenceOf } from './redisTransportFixtures.js';
import { StreamLayout } from './StreamLayout.js';

let server: RedisServer;
before(async () => {
  server = await startRedisServer();
});
after(() => server.close());

const typeOf = (message: TransportMessage): string => (isMarketMessage(message) ? message.kind : message.type);

describe('Redis Streams transport: delivery', () => {
  it('carries events and bars round trip, in order per key, across partitions', async () => {
    const layout = new StreamLayout({ prefix: 'roundtrip', partitions: { order: 4, market: 3 } });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout, maxBatch: 256 });
    const seen = new Map<string, number[]>();
    const streamsOfKey = new Map<string, Set<string>>();
    const consumer = new RedisStreamsConsumer({
      url: server.url, layout, group: 'portfolio', consumer: 'portfolio-1', streams: layout.streams({ families: ['order', 'market'] }), readCount: 100,
      batchHandler: (batch) => {
        for (const { message, stream } of batch) {
          const key = `${typeOf(message)}:${message.key}`;
          seen.set(key, [...(seen.get(key) ?? []), sequenceOf(message)]);
          streamsOfKey.set(key, (streamsOfKey.get(key) ?? new Set()).add(stream));
        }
      },
    });
    const keys = Array.from({ length: 20 }, (_, i) => `INSTR${i}.XNAS`);
    const publishRound = (from: number, to: number): void => {
      for (let n = from; n < to; n++) {
        for (const key of keys) publisher.publish(fixtures.accepted(key, n));
        for (const key of keys.slice(0, 3)) publisher.publishBar(fixtures.bar(key, n));
      }
    };
    try {
      publishRound(0, 100); // a backlog the new group reads from the start of the streams
      await publisher.flush();
      await consumer.start();
      publishRound(100, 200); // and live traffic
      await publisher.flush();
      await waitFor('every message handled', () => consumer.health().handled === 200 * 23);
      assert.equal(seen.size, 23);
      for (const [key, sequence] of seen) {
        assert.deepEqual(sequence, Array.from({ length: 200 }, (_, i) => i), `order of ${key}`);
        assert.equal(streamsOfKey.get(key)!.size, 1, `${key} travels on one stream`);
      }
      const orderStreams = new Set([...streamsOfKey].filter(([key]) => key.startsWith('OrderAccepted')).flatMap(([, streams]) => [...streams]));
      assert.equal(orderStreams.size, 4, 'twenty instruments use all four order partitions');
      const health = consumer.health();
      assert.equal(health.healthy, true);
      assert.equal(publisher.health().buffered, 0);
      await waitFor('acknowledged', async () => (await consumer.lag()).every((s) => s.pending === 0 && s.lag === 0));
      const lag = await consumer.lag();
      assert.equal(lag.reduce((sum, s) => sum + s.length, 0), 200 * 23);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('hands a CRITICAL event over before a LOW backlog that was published first', async () => {
    const layout = new StreamLayout({ prefix: 'backlog' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    for (let n = 0; n < 10_000; n++) publisher.publishBar(fixtures.bar('SPY.ARCA', n));
    publisher.publish(fixtures.accepted('SPY.ARCA', 1));
    publisher.publish(fixtures.killSwitch());
    await publisher.flush();
    const order: string[] = [];
    const consumer = new RedisStreamsConsumer({ url: server.url, layout, group: 'risk', consumer: 'risk-1', streams: layout.streams(), handler: (m) => void order.push(typeOf(m)) });
    try {
      await consumer.start();
      await waitFor('backlog handled', () => order.length === 10_002);
      assert.deepEqual(order.slice(0, 3), ['TradingStateChanged', 'OrderAccepted', 'bar']);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('lets a kill switch published during a LOW backlog overtake the rest of it', async () => {
    const layout = new StreamLayout({ prefix: 'overtake' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    let bars = 0;
    let barsWhenKilled = -1;
    const consumer = new RedisStreamsConsumer({
      url: server.url, layout, group: 'risk', consumer: 'risk-1', streams: layout.streams(), readCount: 100,
      handler: async (message) => {
        if (isMarketMessage(message)) bars++;
        else barsWhenKilled = bars;
        await new Promise((resolve) => setImmediate(resolve)); // a handler that takes a little time per message
      },
    });
    try {
      await consumer.start();
      for (let n = 0; n < 10_000; n++) publisher.publishBar(fixtures.bar('SPY.ARCA', n));
      await publisher.flush();
      await waitFor('the backlog is being worked on', () => bars >= 200);
      const barsWhenPublished = bars;
      publisher.publish(fixtures.killSwitch());
      await publisher.flush();
      await waitFor('kill switch handled', () => barsWhenKilled >= 0);
      assert.ok(barsWhenKilled < 10_000, 'handled before the LOW backlog was done');
      assert.ok(barsWhenKilled - barsWhenPublished <= 300, `overtook the backlog: ${barsWhenKilled - barsWhenPublished} bars in between`);
      await waitFor('backlog handled', () => bars === 10_000);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('acknowledges only after the handler resolved: a dead consumer’s message is reclaimed by another after claimIdleMs', async () => {
    const layout = new StreamLayout({ prefix: 'durable' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    const event = fixtures.accepted('MSFT.XNAS', 1);
    publisher.publish(event);
    await publisher.flush();
    const streams = layout.streams({ families: ['order'] });
    let received = 0;
    const stuck = new RedisStreamsConsumer({
      url: server.url, layout, group: 'portfolio', consumer: 'portfolio-a', streams, claimIdleMs: 200,
      handler: () => {
        received++;
        return new Promise<void>(() => undefined); // its effects never become durable
      },
    });
    const handledByB: string[] = [];
    const rescuer = new RedisStreamsConsumer({
      url: server.url, layout, group: 'portfolio', consumer: 'portfolio-b', streams, claimIdleMs: 200,
      handler: async (message) => {
        await sleep(1); // e.g. the store's flush
        handledByB.push(message.idempotencyKey);
      },
    });
    try {
      await stuck.start();
      await waitFor('delivered to the first consumer', () => received === 1);
      await sleep(300);
      const [lag] = await stuck.lag();
      assert.equal(lag!.pending, 1, 'still pending while the handler has not resolved');
      await assert.rejects(stuck.close(100), /handler did not finish within 100 ms/); // so it is dropped, as if killed
      await rescuer.start();
      await waitFor('reclaimed by the second consumer', () => handledByB.length === 1);
      assert.deepEqual(handledByB, [event.idempotencyKey]);
      assert.equal(rescuer.health().reclaimed, 1);
      await waitFor('acknowledged', async () => (await rescuer.lag())[0]!.pending === 0);
    } finally {
      await rescuer.close();
      await publisher.close();
    }
  });
});
