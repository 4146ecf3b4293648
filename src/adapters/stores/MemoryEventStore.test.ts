import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryEventStore } from './MemoryEventStore.js';
import { createSampleEvents } from './eventFixtures.js';
import { runEventStoreContract } from './eventStoreContract.js';

runEventStoreContract('MemoryEventStore', () => new MemoryEventStore());

describe('MemoryEventStore', () => {
  it('lists every stored event in seq order with all()', () => {
    const store = new MemoryEventStore();
    const sample = createSampleEvents();
    for (const event of sample) store.append(event);
    store.append(sample[0]!);
    assert.deepStrictEqual(store.all(), sample.map((event, i) => ({ seq: i + 1, event })));
  });

  it('gives each load of a snapshot its own copy of the state', async () => {
    const store = new MemoryEventStore();
    const state = { cashMinor: 100 };
    await store.saveSnapshot({ name: 'portfolio', seq: 0, ts: 0, state });
    state.cashMinor = 5;
    const loaded = await store.loadSnapshot('portfolio');
    (loaded!.state as { cashMinor: number }).cashMinor = 7;
    assert.deepStrictEqual((await store.loadSnapshot('portfolio'))!.state, { cashMinor: 100 });
  });
});
