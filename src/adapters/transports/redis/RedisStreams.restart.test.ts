import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { FortressError } from '../../../core/index.js';
import { waitFor } from '../../../testing/index.js';
import { startRedisServer, type RedisServer } from '../../../testing/redis.js';
import { RedisStreamsConsumer } from './RedisStreamsConsumer.js';
import { RedisStreamsPublisher } from './RedisStreamsPublisher.js';
import { TransportFixtures, sequenceOf } from './redisTransportFixtures.js';
import { StreamLayout } from './StreamLayout.js';

let server: RedisServer;
before(async () => {
  // fsync at every write, so even a SIGKILL loses nothing Redis acknowledged
  server = await startRedisServer({ appendOnly: true, appendFsync: 'always' });
});
after(() => server.close());

const fast = { retryMinMs: 20, retryMaxMs: 200 };

describe('Redis Streams transport: restarts and trimming', () => {
  it('resumes after redis-server restarts (AOF on, SIGTERM then SIGKILL) mid-stream with nothing lost, doubled or reordered', async () => {
    const layout = new StreamLayout({ prefix: 'restart', partitions: { order: 2 } });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout, maxBatch: 100, ...fast });
    const calls = new Map<string, number>();
    const sequences = new Map<string, number[]>();
    const consumer = new RedisStreamsConsumer({
      url: server.url, layout, group: 'portfolio', consumer: 'portfolio-1', streams: layout.streams({ families: ['order'] }), claimIdleMs: 500, readCount: 50, ...fast,
      handler: (message) => {
        calls.set(message.idempotencyKey, (calls.get(message.idempotencyKey) ?? 0) + 1);
        sequences.set(message.key, [...(sequences.get(message.key) ?? []), sequenceOf(message)]);
      },
    });
    const total = 6_000;
    let sawUnhealthy = false;
    try {
      await consumer.start();
      for (let n = 0; n < total; n++) {
        publisher.publish(fixtures.accepted(`K${n % 5}`, n));
        const burst = (n > 1_500 && n <= 2_000) || (n > 3_500 && n <= 4_000); // batches in flight when Redis goes
        if (n % 50 === 49 && !burst) await sleep(1);
        if (n === 2_000 || n === 4_000) {
          await (n === 2_000 ? server.stop() : server.kill());
          await waitFor('both see the outage', () => !publisher.health().connected && !consumer.health().healthy);
          sawUnhealthy = true;
        }
        if (n === 2_500 || n === 4_300) await server.restart(); // what was published meanwhile waited in the buffer
      }
      await publisher.flush();
      await waitFor('every message handled', () => calls.size === total, 20_000);
      await waitFor('healthy again', () => consumer.health().healthy && publisher.health().healthy);
      assert.ok(sawUnhealthy);
      assert.deepEqual([...calls.values()].filter((c) => c !== 1), [], 'each handled once');
      for (const [key, sequence] of sequences) {
        assert.deepEqual(sequence, [...sequence].sort((x, y) => x - y), `order of ${key}`);
        assert.equal(sequence.length, total / 5);
      }
      await waitFor('all acknowledged', async () => (await consumer.lag()).every((s) => s.pending === 0), 5_000);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('buffers while Redis is down, refuses beyond maxBuffered, and delivers the buffer in order once it is back', async () => {
    const layout = new StreamLayout({ prefix: 'backpressure' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout, maxBuffered: 100, ...fast });
    const raw = new Redis(server.url, { lazyConnect: true, retryStrategy: () => 20 });
    try {
      publisher.publish(fixtures.accepted('A', 0));
      await publisher.flush();
      await server.stop();
      await waitFor('disconnected', () => !publisher.health().connected);
      for (let n = 1; n <= 100; n++) publisher.publish(fixtures.accepted('A', n));
      assert.throws(
        () => publisher.publish(fixtures.accepted('A', 101)),
        (error: unknown) => error instanceof FortressError && error.code === 'REDIS_PUBLISH_BACKPRESSURE',
      );
      assert.equal(publisher.health().buffered, 100);
      assert.equal(publisher.health().healthy, false);
      const flushed = publisher.flush();
      await server.restart();
      await flushed;
      await raw.connect();
      const entries = await raw.xrange(layout.streamName('order', 'HIGH', 0), '-', '+');
      assert.deepEqual(entries.map(([, fields]) => Number(JSON.parse(fields[1]!).payload.brokerOrderId)), Array.from({ length: 101 }, (_, i) => i));
    } finally {
      raw.disconnect();
      await publisher.close();
    }
  });

  it('trims stored entries by age, never past what a group has not acknowledged', async () => {
    const layout = new StreamLayout({ prefix: 'trim' });
    const fixtures = new TransportFixtures();
    const stream = layout.streamName('order', 'HIGH', 0);
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    const consumer = new RedisStreamsConsumer({ url: server.url, layout, group: 'portfolio', consumer: 'p-1', streams: layout.streams({ families: ['order'] }), handler: () => undefined });
    const raw = new Redis(server.url);
    try {
      await consumer.start();
      await raw.xgroup('CREATE', stream, 'audit', '0'); // a slower service reading the same stream
      for (let n = 0; n < 100; n++) publisher.publish(fixtures.accepted('A', n));
      await publisher.flush();
      await waitFor('handled', () => consumer.health().handled === 100);
      await waitFor('acknowledged', async () => (await consumer.lag())[0]!.pending === 0);
      const read = (await raw.xreadgroup('GROUP', 'audit', 'a-1', 'COUNT', 50, 'STREAMS', stream, '>')) as [string, [string, string[]][]][];
      const ids = read[0]![1].map(([id]) => id);
      await raw.xack(stream, 'audit', ...ids.slice(0, 40));
      const farFutureMs = Date.now() + 60_000; // every entry is older than this
      assert.equal(await consumer.trimStored(farFutureMs), 40, 'stops at the audit group’s oldest pending entry');
      await raw.xack(stream, 'audit', ...ids.slice(40));
      assert.equal(await consumer.trimStored(farFutureMs), 10, 'then at what the audit group has not read yet');
      assert.equal(await consumer.trimStored(0), 0, 'nothing older than the bound');
      assert.equal(await raw.xlen(stream), 50);
    } finally {
      raw.disconnect();
      await consumer.close();
      await publisher.close();
    }
  });

  it('trims on publish by approximate length when asked', async () => {
    const layout = new StreamLayout({ prefix: 'maxlen' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout, trim: { maxLen: 100 } });
    const raw = new Redis(server.url);
    try {
      for (let n = 0; n < 5_000; n++) publisher.publish(fixtures.accepted('A', n));
      await publisher.flush();
      const length = await raw.xlen(layout.streamName('order', 'HIGH', 0));
      assert.ok(length >= 100 && length < 400, `about 100 entries kept, got ${length}`);
    } finally {
      raw.disconnect();
      await publisher.close();
    }
  });
});
