import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MemoryEventStore, SqliteEventStore } from '../../adapters/index.js';
import { InProcessMessageBus } from '../../bus/index.js';
import { SimulatedClock, createEventFactory, createIdSource, type AnyEvent, type EventStore } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { createEventControl } from './eventControl.js';

function setup(store: EventStore) {
  const clock = new SimulatedClock(Date.UTC(2024, 0, 2));
  const ids = createIdSource(clock, 3);
  const bus = new InProcessMessageBus();
  bus.setJournal((event) => store.append(event));
  const factory = createEventFactory('test', clock, ids);
  const control = createEventControl({ store, bus, clock, ids });
  // Two chains on two instruments, a minute apart.
  for (let i = 0; i < 10; i++) {
    clock.advanceTo(Date.UTC(2024, 0, 2) + i * 60_000);
    const key = i % 2 === 0 ? 'AAPL.SIM' : 'MSFT.SIM';
    const correlationId = `chain-${i % 2}`;
    bus.emit(factory.create('OrderRejected', { clientOrderId: `c${i}`, reason: 'no' }, { key, correlationId }));
    bus.emit(factory.create('OrderExpired', { clientOrderId: `c${i}` }, { key, correlationId }));
  }
  return { clock, bus, control, factory };
}

for (const [name, open] of [
  ['memory', () => new MemoryEventStore()],
  ['SQLite', () => SqliteEventStore.open(join(makeTempDir(), 'events.sqlite'))],
] as const) {
  describe(`event control over the ${name} log`, () => {
    it('queries by type, key, time and pages forward after a seq', async () => {
      const store = open();
      const { control } = setup(store);
      const rejected = await control.query({ types: ['OrderRejected'], limit: 100 });
      assert.equal(rejected.length, 10);
      assert.ok(rejected.every((s) => s.event.type === 'OrderRejected'));
      const msft = await control.query({ key: 'MSFT.SIM', types: ['OrderExpired'], limit: 100 });
      assert.deepEqual(msft.map((s) => (s.event.payload as { clientOrderId: string }).clientOrderId), ['c1', 'c3', 'c5', 'c7', 'c9']);
      const window = await control.query({ fromTs: Date.UTC(2024, 0, 2, 0, 3), toTs: Date.UTC(2024, 0, 2, 0, 4), limit: 100 });
      assert.equal(window.length, 4);
      const first = await control.query({ limit: 3 });
      const next = await control.query({ afterSeq: first[2]!.seq, limit: 3 });
      assert.deepEqual(next.map((s) => s.seq), [first[2]!.seq + 1, first[2]!.seq + 2, first[2]!.seq + 3]);
      await store.close();
    });

    it("tells one chain's story in log order", async () => {
      const store = open();
      const { control } = setup(store);
      const story = await control.story('chain-1');
      assert.equal(story.length, 10);
      assert.ok(story.every((s) => s.event.correlationId === 'chain-1'));
      assert.deepEqual(story.map((s) => s.seq), [...story.map((s) => s.seq)].sort((a, b) => a - b));
      assert.deepEqual(await control.story('chain-9'), []);
      await store.close();
    });

    it('journals an audit as a UserActionRecorded event keyed by the user, and lets listeners follow live events', async () => {
      const store = open();
      const { control } = setup(store);
      const seen: AnyEvent[] = [];
      const stop = control.subscribe((event) => seen.push(event));
      control.audit({ username: 'alice', role: 'trader', via: 'token', action: 'POST /risk/kill-switch', target: '', outcome: 200, details: { reason: 'test' } });
      stop();
      control.audit({ username: 'bob', role: 'admin', via: 'apiKey:k1', action: 'login', target: 'bob', outcome: 401 });
      assert.deepEqual(seen.map((e) => e.type), ['UserActionRecorded'], 'nothing after unsubscribing');
      const audits = await control.query({ types: ['UserActionRecorded'], limit: 10 });
      assert.equal(audits.length, 2);
      const first = audits[0]!.event;
      assert.equal(first.key, 'alice');
      assert.equal(first.source, 'api');
      assert.deepEqual(first.payload, { username: 'alice', role: 'trader', via: 'token', action: 'POST /risk/kill-switch', target: '', outcome: 200, details: { reason: 'test' } });
      assert.equal(Object.hasOwn(audits[1]!.event.payload, 'details'), false);
      await store.close();
    });
  });
}
