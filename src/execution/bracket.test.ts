import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isOpenStatus } from '../core/index.js';
import type { Order } from '../core/index.js';
import { engineHarness, NIFTY, ORCL } from './engineHarness.test.js';
import type { Harness } from './engineHarness.test.js';

const BRACKET = { takeProfitPrice: 11, stopLossPrice: 9 };

function children(h: Harness, entryId: string): Order[] {
  return h.engine.registry.childrenOf(entryId).filter((o) => o.clientOrderId.startsWith(`${entryId}-tp`) || o.clientOrderId.startsWith(`${entryId}-sl`));
}

function side(h: Harness, entryId: string, role: 'tp' | 'sl'): { filled: number; working: number } {
  let filled = 0;
  let working = 0;
  for (const child of children(h, entryId)) {
    if (!child.clientOrderId.startsWith(`${entryId}-${role}`)) continue;
    filled += child.filledQuantity;
    if (isOpenStatus(child.status)) working += child.quantity - child.filledQuantity;
  }
  return { filled, working };
}

describe('ExecutionEngine brackets', () => {
  it('sends the take-profit and stop-loss only when the entry fills, and cancels the stop when the target fills', async () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('e1', { quantity: 100, bracket: BRACKET });
    assert.deepEqual(children(h, 'e1'), []);
    h.bar({ open: 10, high: 10.5, low: 9.8, close: 10.2 });
    assert.deepEqual(children(h, 'e1').map((c) => [c.clientOrderId, c.type, c.side, c.quantity, c.limitPrice ?? c.stopPrice, c.reduceOnly, c.status]), [
      ['e1-tp', 'LIMIT', 'SELL', 100, 11, true, 'ACCEPTED'], ['e1-sl', 'STOP', 'SELL', 100, 9, true, 'ACCEPTED'],
    ]);
    assert.deepEqual(h.of('BracketChildrenActivated')[0]?.payload, {
      entryId: 'e1', entryFilledQuantity: 100,
      children: [{ clientOrderId: 'e1-tp', role: 'TAKE_PROFIT', quantity: 100 }, { clientOrderId: 'e1-sl', role: 'STOP_LOSS', quantity: 100 }],
    });
    h.bar({ open: 10.5, high: 11.2, low: 8.5, close: 9 }); // reaches both prices: the first to fill cancels the other
    assert.deepEqual([h.status('e1-tp'), h.status('e1-sl')], ['FILLED', 'CANCELED']);
    assert.deepEqual(h.of('OrderCancelRequested').map((e) => [e.payload.clientOrderId, e.payload.by, e.payload.reason]), [
      ['e1-sl', 'bracket', 'OCO: bracket e1 position is 0'],
    ]);
    assert.equal(await h.brokerPosition(), 0);
  });

  it('grows the children with extra orders as the entry fills in parts, and trims the other side on a partial child fill', () => {
    const h = engineHarness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    h.execute('e2', { quantity: 250, bracket: BRACKET });
    h.bar(10, 1_000); // 100 of 250
    h.bar(10, 1_000); // 200
    assert.deepEqual(children(h, 'e2').map((c) => [c.clientOrderId, c.quantity]), [['e2-tp', 100], ['e2-sl', 100], ['e2-tp2', 100], ['e2-sl2', 100]]);
    h.bar({ open: 10.5, high: 11.1, low: 10.4, close: 11 }, 1_500); // entry +50 (its last), then 100 of the take-profits fill
    assert.equal(h.engine.registry.get('e2')?.status, 'FILLED');
    const tp = side(h, 'e2', 'tp');
    const sl = side(h, 'e2', 'sl');
    assert.equal(tp.filled, 100);
    assert.equal(sl.working, 150);
    assert.equal(tp.working, 150);
    assert.ok(h.of('OrderReplaceRequested').length + h.of('OrderCancelRequested').length > 0);
    assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
  });

  it('makes the stop-loss a trailing stop when the bracket has a trailing offset', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('e3', { quantity: 100, bracket: { takeProfitPrice: 15, trailingOffset: 0.5 } });
    h.bar(10);
    const stop = h.engine.registry.get('e3-sl');
    assert.deepEqual([stop?.type, stop?.trailingOffset], ['TRAILING_STOP', 0.5]);
    h.bar({ open: 10.2, high: 12, low: 10.1, close: 11.8 }); // best 12 → stop 11.5
    h.bar({ open: 11.7, high: 11.8, low: 11.3, close: 11.4 });
    assert.deepEqual(h.of('OrderFilled').filter((f) => f.payload.clientOrderId === 'e3-sl').map((f) => f.payload.price), [11.5]);
    assert.equal(h.status('e3-tp'), 'CANCELED');
  });

  it('never sends children for an entry that did not fill', () => {
    const h = engineHarness({ fillModel: 'next-open', rejectClientIds: ['e4'] });
    h.execute('e4', { quantity: 100, bracket: BRACKET });
    h.execute('e5', { quantity: 100, orderType: 'LIMIT', limitPrice: 5, bracket: BRACKET });
    h.bar(10);
    h.engine.cancel('e5', 'gave up');
    h.bar(10);
    assert.deepEqual([...children(h, 'e4'), ...children(h, 'e5')], []);
  });

  it('keeps protecting what filled when the entry is canceled after a partial fill', () => {
    const h = engineHarness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    h.execute('e6', { quantity: 300, bracket: BRACKET });
    h.bar(10, 1_000);
    h.engine.cancel('e6', 'enough');
    assert.deepEqual(children(h, 'e6').map((c) => [c.clientOrderId, c.quantity, c.status]), [['e6-tp', 100, 'ACCEPTED'], ['e6-sl', 100, 'ACCEPTED']]);
  });

  it('keeps children within the freeze quantity when the entry is sliced', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('n1', { instrumentId: NIFTY.id, quantity: 2000, bracket: { takeProfitPrice: 22_000, stopLossPrice: 20_000 } });
    h.bar(21_000, 10_000_000, NIFTY.id); // both slices fill: a pair of children for each
    assert.deepEqual(children(h, 'n1').map((c) => [c.clientOrderId, c.quantity]), [['n1-tp', 1800], ['n1-sl', 1800], ['n1-tp2', 200], ['n1-sl2', 200]]);
    h.bar({ open: 21_000, high: 22_100, low: 20_900, close: 22_050 }, 10_000_000, NIFTY.id);
    assert.deepEqual(children(h, 'n1').map((c) => c.status), ['FILLED', 'CANCELED', 'FILLED', 'CANCELED']);
    assert.equal(h.position(NIFTY.id), 0);
  });

  it('stays consistent under random prices, partial fills, cancels and rejections', () => {
    const barArb = fc.record({
      move: fc.integer({ min: -60, max: 60 }), range: fc.integer({ min: 0, max: 80 }), volume: fc.integer({ min: 0, max: 4_000 }),
      cancelEntry: fc.boolean(),
    });
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 40 }), fc.constantFrom('BUY', 'SELL'), fc.array(barArb, { minLength: 1, maxLength: 25 }),
      fc.double({ min: 0.05, max: 1, noNaN: true }), fc.subarray(['x-tp2', 'x-sl', 'x-sl3', 'x-tp']), fc.boolean(),
      (lots, entrySide, bars, share, rejected, trailing) => {
        const h = engineHarness({ fillModel: 'next-open', maxVolumeShare: share, rejectClientIds: rejected });
        const sign = entrySide === 'BUY' ? 1 : -1;
        const bracket = trailing ? { takeProfitPrice: 10 + sign * 0.5, trailingOffset: 0.3 } : { takeProfitPrice: 10 + sign * 0.5, stopLossPrice: 10 - sign * 0.4 };
        h.execute('x', { quantity: lots * 10, side: entrySide, bracket });
        let price = 10;
        let entryFilledSeen = 0;
        h.bus.subscribe('OrderFilled', (e) => {
          if (e.payload.clientOrderId === 'x') entryFilledSeen += e.payload.quantity;
        });
        h.bus.subscribe('OrderSubmitted', (e) => {
          if (e.payload.order.parentId === 'x') assert.ok(entryFilledSeen > 0, `child ${e.payload.order.clientOrderId} sent before the entry filled`);
        });
        for (const bar of bars) {
          const open = Math.max(1, Math.round((price + bar.move / 100) * 100) / 100);
          const high = Math.round((open + bar.range / 100) * 100) / 100;
          const low = Math.max(0.5, Math.round((open - bar.range / 100) * 100) / 100);
          price = Math.round(((high + low) / 2) * 100) / 100;
          h.bar({ open, high, low, close: price }, bar.volume);
          if (bar.cancelEntry && h.engine.registry.entry('x')?.open === true) h.engine.cancel('x', 'random cancel');
          const entryFilled = h.engine.registry.get('x')?.filledQuantity ?? 0;
          const tp = side(h, 'x', 'tp');
          const sl = side(h, 'x', 'sl');
          const position = entryFilled - tp.filled - sl.filled;
          assert.ok(position >= 0, `children filled ${tp.filled + sl.filled} beyond the entry's ${entryFilled}`);
          assert.ok(tp.working <= position && sl.working <= position, `a side works more (${tp.working}/${sl.working}) than the position ${position}`);
          assert.equal(h.position(), sign * position + 0); // + 0: no negative zero
          if (entryFilled === 0) assert.deepEqual(children(h, 'x'), []);
        }
        assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
      },
    ), { seed: 20_241_102, numRuns: 150 });
  });

  it('keeps ORCL bracket children on the instrument grid', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('g1', { quantity: 7, bracket: { takeProfitPrice: 10.37, stopLossPrice: 9.91 } });
    h.bar(10);
    assert.deepEqual(children(h, 'g1').map((c) => [c.instrumentId, c.quantity]), [[ORCL.id, 7], [ORCL.id, 7]]);
  });
});
