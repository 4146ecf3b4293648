import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { SimulatedClock, ValidationError } from '../../../core/index.js';
import { waitFor } from '../../../testing/index.js';
import { startRedisServer, type RedisServer } from '../../../testing/redis.js';
import { RedisStreamsConsumer } from './RedisStreamsConsumer.js';
import { RedisStreamsPublisher } from './RedisStreamsPublisher.js';
import { TransportFixtures } from './redisTransportFixtures.js';
import { StreamLayout } from './StreamLayout.js';
import { StreamTrimmer } from './StreamTrimmer.js';
import { DEFAULT_STREAM_TRIM, parseStreamTrimSettings, type StreamTrimSettings } from './streamTrimSettings.js';

let server: RedisServer;
let raw: Redis;
before(async () => {
  server = await startRedisServer();
  raw = new Redis(server.url);
});
after(async () => {
  raw.disconnect();
  await server.close();
});

/** An hour from now: every entry written by the test is older than any maxAgeMs below. */
const later = (): SimulatedClock => new SimulatedClock(Date.now() + 3_600_000);
const settings = (overrides: Partial<StreamTrimSettings>): StreamTrimSettings => ({ ...DEFAULT_STREAM_TRIM, ...overrides });

async function fill(stream: string, count: number, from = 0): Promise<string[]> {
  const pipeline = raw.pipeline();
  for (let i = 0; i < count; i++) pipeline.xadd(stream, '*', 'n', String(from + i));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([, id]) => String(id));
}

/** Reads `count` entries as `consumer` of `group` (creating the group at the start when missing); answers their ids. */
async function read(stream: string, group: string, consumer: string, count: number): Promise<string[]> {
  await raw.xgroup('CREATE', stream, group, '0').catch(() => undefined);
  const reply = (await raw.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, '>')) as [string, [string, string[]][]][] | null;
  return reply?.[0]?.[1].map(([id]) => id) ?? [];
}

async function ids(stream: string): Promise<string[]> {
  return (await raw.xrange(stream, '-', '+')).map(([id]) => id);
}

describe('StreamTrimmer: trimming what every consumer group has acknowledged', () => {
  it('removes acknowledged entries older than maxAgeMs, and keeps the young ones', async () => {
    const stream = 'age:s';
    const written = await fill(stream, 1_000);
    await raw.xack(stream, 'g', ...(await read(stream, 'g', 'c', 1_000)));
    const young = new StreamTrimmer({ redis: raw, streams: [stream], settings: settings({ maxAgeMs: 86_400_000, maxLen: 1_000_000 }) });
    assert.equal((await young.trimOnce()).removed, 0, 'younger than a day: kept');
    const trimmer = new StreamTrimmer({ redis: raw, streams: [stream], settings: settings({ maxAgeMs: 60_000, maxLen: 1_000_000 }), clock: later() });
    const pass = await trimmer.trimOnce();
    const left = await raw.xlen(stream);
    assert.equal(pass.removed, 1_000 - left);
    assert.deepEqual(pass.removedByStream, { [stream]: pass.removed });
    assert.ok(left < 100, `approximate trimming leaves at most one node of acknowledged entries, left ${left}`);
    assert.deepEqual(await ids(stream), written.slice(1_000 - left), 'the newest are the ones left');
    assert.deepEqual(trimmer.health(), { passes: 1, removed: pass.removed });
  });

  it('never removes an entry of a lagging group, nor one a dead consumer left pending, which XAUTOCLAIM still reclaims', async () => {
    const stream = 'pending:s';
    const written = await fill(stream, 1_000);
    await raw.xack(stream, 'fast', ...(await read(stream, 'fast', 'f', 1_000)));
    const dead = await read(stream, 'slow', 'dead', 200); // entries 0..199: 100..149 are never acknowledged (the consumer died)
    await raw.xack(stream, 'slow', ...dead.slice(0, 100), ...dead.slice(150));
    await raw.xack(stream, 'slow', ...(await read(stream, 'slow', 'alive', 400))); // 200..599; 600..999 not yet delivered
    const trimmer = new StreamTrimmer({ redis: raw, streams: [stream], settings: settings({ maxAgeMs: 0, maxLen: 0 }), clock: later() });
    await trimmer.trimOnce();
    const kept = await ids(stream);
    assert.ok(kept.length >= 900 && kept.length < 1_000, `trimmed before the oldest pending entry only, kept ${kept.length}`);
    assert.deepEqual(kept.slice(kept.indexOf(written[100]!)), written.slice(100), 'every entry from the oldest pending one on is there');
    const [, claimed] = (await raw.xautoclaim(stream, 'slow', 'alive', 0, '0-0')) as [string, [string, string[]][]];
    assert.deepEqual(claimed.map(([id]) => id), written.slice(100, 150), 'the dead consumer’s entries are reclaimed');
    assert.deepEqual(claimed.map(([, fields]) => fields[1]), Array.from({ length: 50 }, (_, i) => String(100 + i)), 'with their contents');
    await raw.xack(stream, 'slow', ...claimed.map(([id]) => id));
    await trimmer.trimOnce();
    const now = await ids(stream);
    assert.ok(now.length >= 400 && now.length < 500, `then up to what the slow group has not been delivered, kept ${now.length}`);
    assert.deepEqual(now.slice(now.indexOf(written[600]!)), written.slice(600));

    const untouched = 'lagging:s';
    await fill(untouched, 500);
    await raw.xack(untouched, 'fast', ...(await read(untouched, 'fast', 'f', 500)));
    await raw.xgroup('CREATE', untouched, 'new-service', '0'); // has read nothing yet
    const lagging = new StreamTrimmer({ redis: raw, streams: [untouched], settings: settings({ maxAgeMs: 0, maxLen: 0 }), clock: later() });
    assert.equal((await lagging.trimOnce()).removed, 0);
    assert.equal(await raw.xlen(untouched), 500);
  });

  it('caps an acknowledged stream at about maxLen, and trims everything acknowledged when a group needs more than maxLen', async () => {
    const stream = 'len:s';
    await fill(stream, 2_000);
    await raw.xack(stream, 'g', ...(await read(stream, 'g', 'c', 2_000)));
    const trimmer = new StreamTrimmer({ redis: raw, streams: [stream], settings: settings({ maxAgeMs: 86_400_000, maxLen: 500 }) });
    await trimmer.trimOnce();
    const left = await raw.xlen(stream);
    assert.ok(left >= 500 && left < 600, `about 500 kept, got ${left}`);

    const busy = 'len:busy';
    const written = await fill(busy, 2_000);
    const delivered = await read(busy, 'g', 'c', 1_000);
    await raw.xack(busy, 'g', ...delivered.slice(0, 900)); // 100 pending, 1,000 not delivered: 1,100 still needed > maxLen
    await new StreamTrimmer({ redis: raw, streams: [busy], settings: settings({ maxAgeMs: 86_400_000, maxLen: 500 }) }).trimOnce();
    const kept = await ids(busy);
    assert.ok(kept.length >= 1_100 && kept.length < 1_200, `everything acknowledged goes (about), kept ${kept.length}`);
    assert.deepEqual(kept.slice(kept.indexOf(written[900]!)), written.slice(900), 'nothing still needed goes');
  });

  it('trims a stream no group reads yet, and the dead-letter stream, by age and length alone', async () => {
    const orphan = 'nogroup:s';
    const deadLetters = 'nogroup:dead-letter';
    await fill(orphan, 1_000);
    await fill(deadLetters, 1_000);
    const trimmer = new StreamTrimmer({
      redis: raw, streams: [orphan], deadLetterStream: deadLetters, clock: later(),
      settings: settings({ maxAgeMs: 86_400_000, maxLen: 300, deadLetter: { maxAgeMs: 86_400_000, maxLen: 200 } }),
    });
    const pass = await trimmer.trimOnce();
    const [orphanLeft, deadLeft] = [await raw.xlen(orphan), await raw.xlen(deadLetters)];
    assert.ok(orphanLeft >= 300 && orphanLeft < 400, `about maxLen kept, got ${orphanLeft}`);
    assert.ok(deadLeft >= 200 && deadLeft < 300, `about deadLetter.maxLen kept, got ${deadLeft}`);
    assert.equal(pass.removed, 2_000 - orphanLeft - deadLeft);
    await raw.xgroup('CREATE', deadLetters, 'operator', '0'); // someone reading the dead letters does not hold them back
    const aged = new StreamTrimmer({ redis: raw, streams: [], deadLetterStream: deadLetters, clock: later(), settings: settings({ deadLetter: { maxAgeMs: 60_000, maxLen: 1_000 } }) });
    await aged.trimOnce();
    assert.ok((await raw.xlen(deadLetters)) < 100, 'older than deadLetter.maxAgeMs: gone');
    const missing = new StreamTrimmer({ redis: raw, streams: ['nogroup:missing'], settings: settings({ maxAgeMs: 0, maxLen: 0 }), clock: later() });
    assert.equal((await missing.trimOnce()).removed, 0, 'a missing stream is nothing to trim');
    assert.equal(await raw.exists('nogroup:missing'), 0, 'and is not created');
  });

  it('runs every intervalMs while active; a trimmed stream still delivers what comes next', async () => {
    const layout = new StreamLayout({ prefix: 'periodic' });
    const fixtures = new TransportFixtures();
    const publisher = new RedisStreamsPublisher({ url: server.url, layout });
    let handled = 0;
    const streams = layout.streams({ families: ['order'] });
    const consumer = new RedisStreamsConsumer({ url: server.url, layout, group: 'portfolio', consumer: 'p-1', streams, handler: () => void handled++ });
    let active = true;
    const trimmer = new StreamTrimmer({
      redis: raw, streams: streams.map((s) => s.name), deadLetterStream: layout.deadLetterStream, whileActive: () => active,
      settings: settings({ intervalMs: 100, maxAgeMs: 0, maxLen: 0 }), clock: later(),
    });
    const stream = layout.streamName('order', 'HIGH', 0);
    try {
      await consumer.start();
      for (let n = 0; n < 500; n++) publisher.publish(fixtures.accepted('A', n));
      await publisher.flush();
      await waitFor('handled', () => handled === 500);
      trimmer.start();
      await waitFor('a pass removed what was acknowledged', () => trimmer.health().removed > 400, 5_000); // counted once the pass ends
      assert.ok((await raw.xlen(stream)) < 100);
      for (let n = 500; n < 700; n++) publisher.publish(fixtures.accepted('A', n));
      await publisher.flush();
      await waitFor('the new entries handled', () => handled === 700);
      await waitFor('trimmed again', async () => (await raw.xlen(stream)) < 100, 5_000);
      active = false;
      await waitFor('stopped', async () => {
        const passes = trimmer.health().passes;
        await new Promise((resolve) => setTimeout(resolve, 250));
        return trimmer.health().passes === passes;
      });
      await raw.xtrim(stream, 'MAXLEN', 0); // an empty stream keeps its last id: what is published next gets a larger one
      for (let n = 700; n < 710; n++) publisher.publish(fixtures.accepted('A', n));
      await publisher.flush();
      await waitFor('delivered after an emptied stream', () => handled === 710);
      assert.equal(consumer.health().deadLettered, 0);
    } finally {
      await trimmer.stop();
      await consumer.close();
      await publisher.close();
    }
  });
});

describe('stream trimming settings', () => {
  it('fills in defaults: every 10 s, 10 minutes or 100,000 entries, dead letters a week', () => {
    assert.deepEqual(parseStreamTrimSettings(undefined), {
      enabled: true, intervalMs: 10_000, maxAgeMs: 600_000, maxLen: 100_000, deadLetter: { maxAgeMs: 604_800_000, maxLen: 100_000 },
    });
  });

  it('rejects bad values naming the key and the value', () => {
    const rejects = (raw: unknown, key: string): void => {
      assert.throws(() => parseStreamTrimSettings(raw, 'distributed.trim'), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.match(error.message, new RegExp(key.replace(/\./g, '\\.')));
        return true;
      });
    };
    rejects({ intervalMs: 0 }, 'distributed.trim.intervalMs');
    rejects({ intervalMs: 1.5 }, 'distributed.trim.intervalMs');
    rejects({ maxAgeMs: -1 }, 'distributed.trim.maxAgeMs');
    rejects({ maxLen: 'many' }, 'distributed.trim.maxLen');
    rejects({ deadLetter: { maxLen: -5 } }, 'distributed.trim.deadLetter.maxLen');
    rejects({ maxlen: 10 }, 'distributed.trim.maxlen: unknown key');
    assert.throws(() => parseStreamTrimSettings({ maxAgeMs: -1 }), /trim\.maxAgeMs: .*\(got -1\)/);
  });
});
