import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createInstrument, createRandom, toUnits } from '../core/index.js';
import type { Instrument } from '../core/index.js';
import { BANKNIFTY, engineHarness, NIFTY } from './engineHarness.test.js';
import { sliceQuantity } from './sliceQuantity.js';

const BTC = createInstrument({ symbol: 'BTCUSD', exchange: 'SIM', tickSize: 0.5, lotSize: 0.001, freezeQuantity: 2.5, currency: 'USD', assetClass: 'CRYPTO' });
const SLICED: readonly Instrument[] = [NIFTY, BANKNIFTY, BTC];

/** 10 random order sizes (in whole lots, up to ~12 freeze quantities) for an instrument, from a fixed seed. */
function randomSizes(instrument: Instrument, seed: number): number[] {
  const random = createRandom(seed);
  const lotUnits = toUnits(instrument.lotSize, instrument.quantityPrecision);
  const maxLots = Math.floor((12 * instrument.freezeQuantity!) / instrument.lotSize);
  return Array.from({ length: 10 }, () => ((1 + random.int(maxLots)) * lotUnits) / 10 ** instrument.quantityPrecision);
}

describe('sliceQuantity', () => {
  for (const instrument of SLICED) {
    it(`splits 10 random sizes of ${instrument.id} into lot multiples no larger than ${instrument.freezeQuantity} that sum to the order`, () => {
      const qp = instrument.quantityPrecision;
      const lotUnits = toUnits(instrument.lotSize, qp);
      for (const quantity of randomSizes(instrument, 11)) {
        const slices = sliceQuantity(quantity, instrument.freezeQuantity!, instrument.lotSize, qp);
        assert.equal(slices.reduce((sum, q) => sum + toUnits(q, qp), 0), toUnits(quantity, qp), `slices of ${quantity}`);
        for (const slice of slices) {
          assert.ok(slice <= instrument.freezeQuantity!, `${slice} exceeds the freeze quantity`);
          assert.equal(toUnits(slice, qp) % lotUnits, 0, `${slice} is not a lot multiple`);
        }
        assert.equal(slices.length, Math.ceil(quantity / instrument.freezeQuantity!));
      }
    });
  }

  it('uses the largest lot multiple within a freeze quantity that is not one itself', () => {
    assert.deepEqual(sliceQuantity(100, 40, 15, 0), [30, 30, 30, 10]);
  });

  it('holds for any size, freeze quantity and lot size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 50 }), (lots, freezeLots, lotSize) => {
      const slices = sliceQuantity(lots * lotSize, freezeLots * lotSize + (lotSize > 1 ? 1 : 0), lotSize, 0);
      assert.equal(slices.reduce((a, b) => a + b, 0), lots * lotSize);
      assert.ok(slices.every((s) => s % lotSize === 0 && s <= freezeLots * lotSize + 1));
    }), { seed: 5, numRuns: 200 });
  });
});

describe('ExecutionEngine slicing', () => {
  for (const instrument of [NIFTY, BANKNIFTY]) {
    it(`sends 10 random ${instrument.id} orders as slices under one parent that fill to the whole order`, async () => {
      const h = engineHarness({ fillModel: 'next-open' });
      const sizes = randomSizes(instrument, 23);
      sizes.forEach((quantity, i) => h.execute(`o${i}`, { instrumentId: instrument.id, quantity, side: i % 2 === 0 ? 'BUY' : 'SELL' }));
      h.bar(20_000, 10_000_000, instrument.id);
      let expectedPosition = 0;
      sizes.forEach((quantity, i) => {
        const parent = h.engine.registry.get(`o${i}`);
        const slices = h.engine.registry.childrenOf(`o${i}`);
        assert.equal(parent?.status, 'FILLED');
        assert.equal(parent?.filledQuantity, quantity);
        assert.deepEqual(slices.map((s) => s.clientOrderId), slices.map((_, k) => `o${i}-s${k + 1}`));
        assert.ok(slices.every((s) => s.status === 'FILLED' && s.quantity <= instrument.freezeQuantity! && s.parentId === `o${i}`));
        expectedPosition += (i % 2 === 0 ? 1 : -1) * quantity;
      });
      assert.equal(h.position(instrument.id), expectedPosition);
      assert.equal(await h.brokerPosition(instrument.id), expectedPosition);
      const sliced = h.of('OrderSliced').map((e) => e.payload.parent.clientOrderId);
      assert.deepEqual(sliced, sizes.flatMap((q, i) => (q > instrument.freezeQuantity! ? [`o${i}`] : [])));
      assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
    });
  }

  it('answers for the parent in openOrders and for the slices in openBrokerOrders', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('big', { instrumentId: NIFTY.id, quantity: 4000, orderType: 'LIMIT', limitPrice: 20_000 });
    assert.deepEqual(h.engine.registry.openOrders().map((o) => [o.clientOrderId, o.quantity, o.status]), [['big', 4000, 'ACCEPTED']]);
    assert.deepEqual(h.engine.registry.openBrokerOrders().map((o) => [o.clientOrderId, o.quantity]), [['big-s1', 1800], ['big-s2', 1800], ['big-s3', 400]]);
    assert.deepEqual(h.engine.registry.potentialExposure('acc', NIFTY.id, () => 20_000), {
      buyQuantity: 4000, sellQuantity: 0, netQuantity: 4000, buyNotionalMinor: 8_000_000_000, sellNotionalMinor: 0, netNotionalMinor: 8_000_000_000, orders: 1,
    });
    h.engine.cancel('big', 'no longer wanted');
    assert.equal(h.status('big'), 'CANCELED');
    assert.deepEqual(h.of('OrderCancelRequested').map((e) => e.payload.clientOrderId), ['big-s1', 'big-s2', 'big-s3']);
  });

  it('submits slices within the broker rate limit, the rest as the clock allows', () => {
    const h = engineHarness({ fillModel: 'next-open', ordersPerSecond: 2 });
    h.execute('big', { instrumentId: NIFTY.id, quantity: 9000 }); // 5 slices of 1800
    assert.deepEqual(h.engine.registry.childrenOf('big').map((s) => s.status), ['ACCEPTED', 'ACCEPTED', 'INITIALIZED', 'INITIALIZED', 'INITIALIZED']);
    h.bar(20_000, 10_000_000, NIFTY.id); // a minute later the bucket holds one second's budget again: two more
    h.bar(20_000, 10_000_000, NIFTY.id);
    const submitted = h.of('OrderSubmitted').map((e) => [e.payload.order.clientOrderId, e.ts - h.of('OrderSliced')[0]!.ts]);
    assert.deepEqual(submitted, [['big-s1', 0], ['big-s2', 0], ['big-s3', 60_000], ['big-s4', 60_000], ['big-s5', 120_000]]);
    assert.equal(h.status('big'), 'PARTIALLY_FILLED');
    h.bar(20_000, 10_000_000, NIFTY.id);
    assert.equal(h.status('big'), 'FILLED');
    assert.equal(h.position(NIFTY.id), 9000);
  });

  it('cancels the remaining slices when one is rejected and reports the parent rejected with what filled', async () => {
    const h = engineHarness({ fillModel: 'next-open', ordersPerSecond: 2, rejectClientIds: ['big-s3'] });
    h.execute('big', { instrumentId: NIFTY.id, quantity: 9000 });
    h.bar(20_000, 10_000_000, NIFTY.id); // s1, s2 fill; s3 is sent and rejected; s4, s5 never leave
    assert.deepEqual(h.engine.registry.childrenOf('big').map((s) => [s.clientOrderId, s.status]), [
      ['big-s1', 'FILLED'], ['big-s2', 'FILLED'], ['big-s3', 'REJECTED'], ['big-s4', 'CANCELED'], ['big-s5', 'CANCELED'],
    ]);
    const parent = h.engine.registry.get('big');
    assert.equal(parent?.status, 'REJECTED');
    assert.equal(parent?.filledQuantity, 3600);
    assert.match(parent?.reason ?? '', /^slice big-s3 rejected: client order id big-s3 is configured to be rejected/);
    assert.equal(h.broker.requestsReceived, 3);
    assert.equal(await h.brokerPosition(NIFTY.id), 3600);
    assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
  });
});
