import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { AnyEvent } from '../../../core/index.js';
import { SqliteEventStore } from '../../stores/index.js';
import { makeTempDir, waitFor } from '../../../testing/index.js';
import { startRedisServer, type RedisServer } from '../../../testing/redis.js';
import { RedisStreamsConsumer } from './RedisStreamsConsumer.js';
import { RedisStreamsPublisher } from './RedisStreamsPublisher.js';
import { TransportFixtures } from './redisTransportFixtures.js';
import { StreamLayout } from './StreamLayout.js';

let server: RedisServer;
before(async () => {
  server = await startRedisServer();
});
after(() => server.close());

describe('Redis Streams transport: faults', () => {
  it('loses and doubles nothing when one of two consumers of a group is killed mid-run', async () => {
    const layout = new StreamLayout({ prefix: 'pair', partitions: { order: 2 } });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    const store = SqliteEventStore.open(join(makeTempDir(), 'events.db'));
    const calls = new Map<string, number>();
    let killedOn: string | undefined;
    const handlerOf = (name: string) => async (message: AnyEvent | object): Promise<void> => {
      if (name === 'a' && killedOn === undefined && a.health().handled >= 100) {
        killedOn = (message as AnyEvent).idempotencyKey;
        a.disconnect(); // killed in the middle of a batch: what it holds stays pending in the group
        return;
      }
      const event = message as AnyEvent;
      calls.set(event.idempotencyKey, (calls.get(event.idempotencyKey) ?? 0) + 1);
      store.append(event);
      await store.flush(); // durable before the acknowledgement
    };
    const options = { url: server.url, layout, group: 'execution', streams: layout.streams({ families: ['order'] }), claimIdleMs: 300, readCount: 20 };
    const a: RedisStreamsConsumer = new RedisStreamsConsumer({ ...options, consumer: 'execution-a', handler: handlerOf('a') });
    const b = new RedisStreamsConsumer({ ...options, consumer: 'execution-b', handler: handlerOf('b') });
    const published: string[] = [];
    try {
      await Promise.all([a.start(), b.start()]);
      for (let n = 0; n < 3_000; n++) {
        const event = fixtures.accepted(`K${n % 7}`, n);
        published.push(event.idempotencyKey);
        publisher.publish(event);
        if (n % 100 === 99) await publisher.flush();
      }
      await publisher.flush();
      await waitFor('everything stored', async () => (await store.lastSeq()) === 3_000 && (await b.lag()).every((s) => s.pending === 0 && s.lag === 0), 20_000);
      const stored = (await store.read()).map((s) => s.event.idempotencyKey);
      assert.deepEqual(new Set(stored), new Set(published), 'nothing lost');
      assert.equal(stored.length, 3_000, 'nothing doubled in the store');
      const redelivered = [...calls.values()].filter((count) => count > 1).length;
      // What the killed consumer handled but had not acknowledged: its batch in hand and the one whose XACK was in flight
      // (a read takes up to readCount from each of the two streams). The store dropped the second copies.
      assert.ok(redelivered <= 2 * 2 * 20, `only the killed consumer's unacknowledged batches are handled twice: ${redelivered}`);
      assert.equal(calls.get(killedOn!), 1, 'the message the first consumer died on was handled once, by the survivor');
    } finally {
      await b.close();
      await publisher.close();
      await store.close();
    }
  });

  it('retries a failing message up to maxDeliveries, then moves it to the dead-letter stream with the error', async () => {
    const layout = new StreamLayout({ prefix: 'retry' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    const poison = fixtures.accepted('POISON.XNAS', 1);
    const attempts = new Map<string, number>();
    const consumer = new RedisStreamsConsumer({
      url: server.url, layout, group: 'portfolio', consumer: 'portfolio-1', streams: layout.streams({ families: ['order'] }),
      claimIdleMs: 100, maxDeliveries: 3,
      batchHandler: (batch) => {
        for (const { message } of batch) attempts.set(message.idempotencyKey, (attempts.get(message.idempotencyKey) ?? 0) + 1);
        if (batch.some((d) => d.message.key === 'POISON.XNAS')) throw new Error('cannot fold this fill');
      },
    });
    try {
      publisher.publish(fixtures.accepted('GOOD.XNAS', 1));
      publisher.publish(poison);
      publisher.publish(fixtures.accepted('GOOD.XNAS', 2));
      await publisher.flush();
      await consumer.start();
      await waitFor('dead-lettered', async () => (await consumer.deadLetters()).length === 1);
      const [dead] = await consumer.deadLetters();
      assert.equal(dead!.reason, 'handler failed 3 times');
      assert.equal(dead!.error, 'cannot fold this fill');
      assert.equal(dead!.sourceStream, 'retry:order:high:0');
      assert.equal(dead!.deliveries, 3);
      assert.deepEqual(JSON.parse(dead!.original[0]!.value.toString()), poison);
      assert.equal(consumer.health().handled, 2, 'the good messages of the failing batch were handled alone');
      await waitFor('nothing pending', async () => (await consumer.lag())[0]!.pending === 0);
      assert.equal(consumer.health().running, true);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('moves bad bytes to the dead-letter stream with the reason and keeps consuming', async () => {
    const layout = new StreamLayout({ prefix: 'badbytes' });
    const fixtures = new TransportFixtures();
    const stream = layout.streamName('order', 'HIGH', 0);
    const raw = new Redis(server.url);
    const good = fixtures.accepted('AAPL.XNAS', 1);
    const handled: string[] = [];
    const consumer = new RedisStreamsConsumer({ url: server.url, layout, group: 'execution', consumer: 'execution-1', streams: layout.streams({ families: ['order'] }), handler: (m) => void handled.push(m.idempotencyKey) });
    try {
      await consumer.start();
      await raw.xadd(stream, '*', 'e', 'this is not json');
      await raw.xadd(stream, '*', 'e', Buffer.from([0xc3, 0x28]));
      await raw.xadd(stream, '*', 'e', JSON.stringify({ ...good, correlationId: 42 }));
      await raw.xadd(stream, '*', 'e', JSON.stringify({ ...good, type: 'OrderTeleported' }));
      await raw.xadd(stream, '*', 'e', JSON.stringify({ ...good, version: 2 }));
      await raw.xadd(stream, '*', 'e', JSON.stringify(good));
      await waitFor('the good message handled', () => handled.length === 1);
      const dead = await consumer.deadLetters();
      assert.deepEqual(dead.map((d) => d.reason.replace(/\(.*\)/, '(…)')), [
        'not JSON (…)',
        'not UTF-8',
        'not an event envelope: correlationId: Invalid input: expected string, received number',
        'unknown event type "OrderTeleported"',
        'OrderAccepted version 2 is not the current version 1',
      ]);
      assert.deepEqual(dead[1]!.original, [{ field: 'e', value: Buffer.from([0xc3, 0x28]) }], 'the original bytes are kept');
      assert.ok(dead.every((d) => d.sourceStream === stream && d.group === 'execution' && d.consumer === 'execution-1'));
      assert.deepEqual(handled, [good.idempotencyKey]);
      await waitFor('all acknowledged', async () => (await consumer.lag())[0]!.pending === 0);
      assert.equal(consumer.health().healthy, true);
    } finally {
      raw.disconnect();
      await consumer.close();
    }
  });

  it('skips a redelivered message by its idempotency key and acknowledges it', async () => {
    const layout = new StreamLayout({ prefix: 'idempotent' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    const event = fixtures.accepted('AAPL.XNAS', 1);
    const handled: string[] = [];
    const consumer = new RedisStreamsConsumer({ url: server.url, layout, group: 'portfolio', consumer: 'portfolio-1', streams: layout.streams({ families: ['order'] }), handler: (m) => void handled.push(m.idempotencyKey) });
    try {
      await consumer.start();
      publisher.publish(event);
      await publisher.flush();
      await waitFor('handled', () => handled.length === 1);
      publisher.publish(event); // a resend after a lost answer: the same envelope appended again
      publisher.publish(fixtures.accepted('AAPL.XNAS', 2));
      await publisher.flush();
      await waitFor('the next one handled', () => handled.length === 2);
      assert.equal(handled[0], event.idempotencyKey);
      assert.notEqual(handled[1], event.idempotencyKey);
      assert.equal(consumer.health().duplicatesSkipped, 1);
      await waitFor('all acknowledged', async () => (await consumer.lag())[0]!.pending === 0);
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });
});
