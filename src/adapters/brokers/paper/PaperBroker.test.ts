import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS, InProcessMessageBus } from '../../../bus/index.js';
import { createApprovalAuthority, createIdSource, createInstrument, SimulatedClock, silentLogger } from '../../../core/index.js';
import type { AnyEvent, BrokerReport, EventPayloads, Instrument, InstrumentProvider, TradeIntent } from '../../../core/index.js';
import { ExecutionEngine } from '../../../execution/index.js';
import { PaperBroker } from './PaperBroker.js';
import type { PaperBrokerConfig } from './PaperBrokerConfig.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const NIFTY = createInstrument({ symbol: 'NIFTYFUT', exchange: 'NFO', tickSize: 0.05, lotSize: 25, currency: 'INR', assetClass: 'FUTURE' });

function provider(list: readonly Instrument[]): InstrumentProvider {
  const byId = new Map(list.map((i) => [i.id, i]));
  return { get: (id) => byId.get(id), all: () => list };
}

/** Engine and paper broker on a real bus; the bus is the spy. */
function harness(config: PaperBrokerConfig) {
  const clock = new SimulatedClock(T0);
  const bus = new InProcessMessageBus();
  const events: AnyEvent[] = [];
  bus.subscribeEvents((event) => events.push(event));
  const instruments = provider([ORCL, NIFTY]);
  const broker = new PaperBroker({ clock, instruments, config });
  const authority = createApprovalAuthority();
  const engine = new ExecutionEngine({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, broker, verify: authority.verify, instruments });
  engine.start();
  let count = 0;
  return {
    clock, events, broker, engine,
    /** Send an approved trade through the execution endpoint; returns its client order id. */
    order(spec: Partial<TradeIntent> = {}): string {
      count += 1;
      const intent: TradeIntent = {
        intentId: `i${count}`, signalId: `s${count}`, accountId: 'acc', strategyId: 'sma', instrumentId: ORCL.id, action: 'BUY',
        side: 'BUY', quantity: 100, orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 1, timeframe: '1d',
        ts: clock.nowMs(), correlationId: `c${count}`, reason: 'test', ...spec,
      };
      bus.send(ENDPOINTS.executionExecute, authority.approve(intent, intent.quantity, `d${count}`));
      return intent.intentId;
    },
    /** Daily bar `day` (0-based from T0), delivered at its close. */
    bar(day: number, open: number, high: number, low: number, close: number, volume = 1_000_000, instrumentId = ORCL.id): void {
      clock.advanceTo(T0 + (day + 1) * DAY_MS);
      broker.onBar({ instrumentId, timeframe: '1d', ts: T0 + day * DAY_MS, open, high, low, close, volume });
    },
    tick(offsetMs: number, price: number, extra: { bid?: number; ask?: number; size?: number } = {}): void {
      clock.advanceTo(T0 + offsetMs);
      broker.onTick({ instrumentId: ORCL.id, ts: T0 + offsetMs, price, size: extra.size ?? 100, ...extra });
    },
    fills(): EventPayloads['OrderFilled'][] {
      return events.flatMap((e) => (e.type === 'OrderFilled' ? [e.payload] : []));
    },
    types(): string[] {
      return events.map((e) => e.type);
    },
    status(clientOrderId: string): string | undefined {
      return engine.registry.get(clientOrderId)?.status;
    },
  };
}

const priceAndTs = (f: EventPayloads['OrderFilled']): [number, number, number] => [f.quantity, f.price, f.fillTs];

describe('PaperBroker with the next-open fill model', () => {
  it('fills a market order at the next bar open, with that bar time', () => {
    const h = harness({ fillModel: 'next-open' });
    h.bar(0, 10, 11, 9, 10.5);
    const id = h.order();
    assert.deepEqual(h.fills(), []);
    assert.equal(h.status(id), 'ACCEPTED');
    h.bar(1, 10.6, 11, 10.2, 10.8);
    assert.deepEqual(h.fills().map(priceAndTs), [[100, 10.6, T0 + DAY_MS]]);
    assert.equal(h.status(id), 'FILLED');
    assert.equal(h.fills()[0]?.leavesQuantity, 0);
  });

  it('fills a buy limit at the limit when the bar trades through it and at the open when it opens below', () => {
    const h = harness({ fillModel: 'next-open' });
    h.order({ orderType: 'LIMIT', limitPrice: 10 });
    h.bar(0, 10.5, 10.8, 10.1, 10.6);
    assert.deepEqual(h.fills(), []);
    h.bar(1, 10.4, 10.5, 9.9, 10.2);
    h.order({ orderType: 'LIMIT', limitPrice: 10 });
    h.bar(2, 9.8, 10.1, 9.7, 10);
    assert.deepEqual(h.fills().map(priceAndTs), [[100, 10, T0 + DAY_MS], [100, 9.8, T0 + 2 * DAY_MS]]);
  });

  it('fills a sell limit at the limit or at a higher open', () => {
    const h = harness({ fillModel: 'next-open' });
    h.order({ side: 'SELL', orderType: 'LIMIT', limitPrice: 11 });
    h.bar(0, 10.9, 11.2, 10.8, 11);
    h.order({ side: 'SELL', orderType: 'LIMIT', limitPrice: 11 });
    h.bar(1, 11.3, 11.4, 11.1, 11.2);
    assert.deepEqual(h.fills().map((f) => f.price), [11, 11.3]);
  });

  it('triggers a buy stop at the stop (or a gap open above it) and adds slippage rounded up to the tick', () => {
    const h = harness({ fillModel: 'next-open', slippageBps: 10 });
    h.order({ orderType: 'STOP', stopPrice: 11 });
    h.bar(0, 10.5, 10.9, 10.4, 10.8);
    assert.deepEqual(h.fills(), []);
    h.bar(1, 10.9, 11.2, 10.8, 11.1); // 11 × 1.001 = 11.011 → 11.02
    h.order({ orderType: 'STOP', stopPrice: 11 });
    h.bar(2, 11.5, 11.6, 11.4, 11.5); // gap: 11.5 × 1.001 = 11.5115 → 11.52
    assert.deepEqual(h.fills().map((f) => f.price), [11.02, 11.52]);
  });

  it('triggers a sell stop when the low reaches it and takes slippage rounded down', () => {
    const h = harness({ fillModel: 'next-open', slippageBps: 10 });
    h.order({ side: 'SELL', orderType: 'STOP', stopPrice: 9 });
    h.bar(0, 9.5, 9.6, 8.8, 9.1); // 9 × 0.999 = 8.991 → 8.99
    assert.deepEqual(h.fills().map((f) => f.price), [8.99]);
  });

  it('fills a stop-limit at the trigger price, and waits as a limit when the trigger gapped beyond the limit', () => {
    const h = harness({ fillModel: 'next-open', slippageBps: 10 });
    h.order({ orderType: 'STOP_LIMIT', stopPrice: 11, limitPrice: 11.1 });
    h.bar(0, 10.9, 11.3, 10.8, 11.2);
    h.order({ orderType: 'STOP_LIMIT', stopPrice: 11, limitPrice: 11.1 });
    h.bar(1, 11.4, 11.6, 11.3, 11.5);
    assert.equal(h.fills().length, 1);
    h.bar(2, 11.2, 11.3, 11.05, 11.2);
    assert.deepEqual(h.fills().map((f) => [f.clientOrderId, f.price]), [['i1', 11], ['i2', 11.1]]);
  });
});

describe('PaperBroker with the close fill model', () => {
  it('fills a market order at once at the last close, inside submit, stamped with the bar close time', () => {
    const h = harness({ fillModel: 'close' });
    h.bar(0, 10, 11, 9, 10.5);
    const id = h.order();
    assert.deepEqual(h.types(), ['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    assert.deepEqual(h.fills().map(priceAndTs), [[100, 10.5, T0 + DAY_MS]]);
    assert.equal(h.status(id), 'FILLED');
  });

  it('checks limit orders only against later bars', () => {
    const h = harness({ fillModel: 'close' });
    h.bar(0, 10, 11, 9, 10.5);
    h.order({ orderType: 'LIMIT', limitPrice: 10.6 });
    assert.deepEqual(h.fills(), []);
    h.bar(1, 10.4, 10.7, 10.3, 10.6);
    assert.deepEqual(h.fills().map(priceAndTs), [[100, 10.4, T0 + 2 * DAY_MS]]);
  });

  it('lets a market order wait for the first bar, or rejects it when configured to', () => {
    const waiting = harness({ fillModel: 'close' });
    waiting.order();
    waiting.bar(0, 10, 11, 9, 10.5);
    assert.deepEqual(waiting.fills().map((f) => f.price), [10.5]);
    const strict = harness({ fillModel: 'close', rejectWhenNoMarket: true });
    const id = strict.order();
    assert.equal(strict.status(id), 'REJECTED');
    assert.match(strict.engine.registry.get(id)?.reason ?? '', /no market data yet for ORCL\.NASDAQ/);
  });
});

describe('PaperBroker with the tick fill model', () => {
  it('fills a market order at the next tick, buying at the ask and selling at the bid', () => {
    const h = harness({ fillModel: 'tick' });
    h.tick(1_000, 10, { bid: 9.99, ask: 10.01 });
    h.order();
    h.order({ side: 'SELL', quantity: 50 });
    assert.deepEqual(h.fills(), []);
    h.tick(2_000, 10.05, { bid: 10.04, ask: 10.06, size: 1_000 });
    assert.deepEqual(h.fills().map(priceAndTs), [[100, 10.06, T0 + 2_000], [50, 10.04, T0 + 2_000]]);
  });

  it('fills a limit when a tick crosses it and triggers a stop on the trade price', () => {
    const h = harness({ fillModel: 'tick' });
    h.order({ orderType: 'LIMIT', limitPrice: 10 });
    h.order({ side: 'SELL', orderType: 'STOP', stopPrice: 9.5 });
    h.tick(1_000, 10.02);
    h.tick(2_000, 9.99);
    h.tick(3_000, 9.48);
    assert.deepEqual(h.fills().map((f) => [f.clientOrderId, f.price, f.fillTs]), [['i1', 9.99, T0 + 2_000], ['i2', 9.48, T0 + 3_000]]);
  });

  it('does not fill on bars', () => {
    const h = harness({ fillModel: 'tick' });
    h.order();
    h.bar(0, 10, 11, 9, 10.5);
    assert.deepEqual(h.fills(), []);
  });
});

describe('PaperBroker volume and time in force', () => {
  it('caps fills at the volume share and keeps the rest working across bars', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    const id = h.order({ quantity: 250 });
    h.bar(0, 10, 10, 10, 10, 1_000);
    assert.equal(h.status(id), 'PARTIALLY_FILLED');
    h.bar(1, 11, 11, 11, 11, 1_000);
    h.bar(2, 12, 12, 12, 12, 1_000);
    assert.deepEqual(h.fills().map((f) => [f.fillId, f.quantity, f.price, f.leavesQuantity]), [
      ['i1-f1', 100, 10, 150], ['i1-f2', 100, 11, 50], ['i1-f3', 50, 12, 0],
    ]);
    assert.equal(h.status(id), 'FILLED');
    assert.equal(h.engine.registry.get(id)?.avgFillPrice, 10.8);
  });

  it('fills partial quantities in whole lots and shares one bar volume between orders in arrival order', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    h.order({ instrumentId: NIFTY.id, quantity: 150 });
    h.order({ instrumentId: NIFTY.id, quantity: 50 });
    h.bar(0, 22_000, 22_010, 21_990, 22_005, 990, NIFTY.id); // 99 → 75 in lots of 25
    h.bar(1, 22_005, 22_010, 21_990, 22_005, 1_000, NIFTY.id); // 100
    assert.deepEqual(h.fills().map((f) => [f.clientOrderId, f.quantity, f.currency]), [
      ['i1', 75, 'INR'], ['i1', 75, 'INR'], ['i2', 25, 'INR'],
    ]);
  });

  it('cancels the unfilled remainder of an IOC order', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    const id = h.order({ quantity: 250, timeInForce: 'IOC' });
    h.bar(0, 10, 10, 10, 10, 1_000);
    assert.deepEqual(h.fills().map((f) => f.quantity), [100]);
    assert.equal(h.status(id), 'CANCELED');
    assert.equal(h.engine.registry.get(id)?.reason, 'IOC remainder canceled');
  });

  it('cancels an IOC limit the next bar does not reach', () => {
    const h = harness({ fillModel: 'next-open' });
    const id = h.order({ orderType: 'LIMIT', limitPrice: 9, timeInForce: 'IOC' });
    h.bar(0, 10, 10.5, 9.5, 10);
    h.bar(1, 9, 9, 8, 8.5);
    assert.deepEqual(h.fills(), []);
    assert.equal(h.status(id), 'CANCELED');
  });

  it('fills a FOK order only when the whole quantity is available, else cancels it untouched', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    const tooBig = h.order({ quantity: 250, timeInForce: 'FOK' });
    const fits = h.order({ quantity: 100, timeInForce: 'FOK' });
    h.bar(0, 10, 10, 10, 10, 1_000);
    assert.equal(h.status(tooBig), 'CANCELED');
    assert.equal(h.engine.registry.get(tooBig)?.filledQuantity, 0);
    assert.equal(h.status(fits), 'FILLED');
  });

  it('does not cap bars that carry no volume', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
    h.order({ quantity: 5_000 });
    h.bar(0, 10, 10, 10, 10, 0);
    assert.deepEqual(h.fills().map((f) => f.quantity), [5_000]);
  });
});

describe('PaperBroker commissions through the engine', () => {
  it('reports per-order, per-unit, percent and minimum commission on the fills in minor units', () => {
    const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1, commission: { perOrderMinor: 100, perUnit: 0.005, pctOfNotionalBps: 1, minimumMinor: 200 } });
    h.order({ quantity: 150 });
    h.bar(0, 10, 10, 10, 10, 1_000); // 100: 100 + 50 + 10 = 160 → raised to the 200 minimum
    h.bar(1, 10, 10, 10, 10, 1_000); // 50: 25 + 5 = 30 → total 190 owed, 200 already paid → 0
    assert.deepEqual(h.fills().map((f) => [f.quantity, f.commissionMinor]), [[100, 200], [50, 0]]);
  });
});

describe('PaperBroker orders and positions', () => {
  it('rejects invalid requests with a reason naming the field', () => {
    const h = harness({ fillModel: 'next-open' });
    const reasons = [
      h.order({ quantity: 10.5 }),
      h.order({ orderType: 'LIMIT' }),
      h.order({ orderType: 'STOP_LIMIT', limitPrice: 10 }),
      h.order({ orderType: 'LIMIT', limitPrice: 10.005 }),
      h.order({ instrumentId: NIFTY.id, quantity: 30 }),
    ].map((id) => [h.status(id), h.engine.registry.get(id)?.reason]);
    assert.deepEqual(reasons, [
      ['REJECTED', 'quantity 10.5 is not a multiple of the lot size 1'],
      ['REJECTED', 'limitPrice is required for LIMIT orders'],
      ['REJECTED', 'stopPrice is required for STOP_LIMIT orders'],
      ['REJECTED', 'limitPrice 10.005 is not on the tick size 0.01'],
      ['REJECTED', 'quantity 30 is not a multiple of the lot size 25'],
    ]);
  });

  it('rejects an unknown instrument and ignores a second submit of a known client order id', () => {
    const clock = new SimulatedClock(T0);
    const broker = new PaperBroker({ clock, instruments: provider([ORCL]), config: { fillModel: 'next-open' } });
    const reports: BrokerReport[] = [];
    broker.setListener((report) => reports.push(report));
    const request = { clientOrderId: 'x1', accountId: 'acc', instrumentId: ORCL.id, side: 'BUY', type: 'MARKET', quantity: 5, timeInForce: 'GTC' } as const;
    broker.submit(request);
    broker.submit(request);
    broker.submit({ ...request, clientOrderId: 'x2', instrumentId: 'NOPE.XX' });
    broker.submit({ ...request, clientOrderId: 'x2', instrumentId: 'NOPE.XX' });
    assert.deepEqual(reports.map((r) => [r.kind, 'clientOrderId' in r ? r.clientOrderId : '']), [['accepted', 'x1'], ['rejected', 'x2']]);
    assert.deepEqual(reports[1], { kind: 'rejected', clientOrderId: 'x2', reason: 'unknown instrument NOPE.XX', ts: T0 });
  });

  it('cancels a working order so later bars no longer fill it', () => {
    const h = harness({ fillModel: 'next-open' });
    const id = h.order({ orderType: 'LIMIT', limitPrice: 9 });
    h.engine.cancel(id, 'changed my mind');
    h.bar(0, 9, 9, 8, 8.5);
    assert.deepEqual(h.fills(), []);
    assert.deepEqual(h.types().slice(-2), ['OrderCancelRequested', 'OrderCanceled']);
    assert.equal(h.status(id), 'CANCELED');
  });

  it('replaces the limit price of a working order, then fills at the new price', () => {
    const h = harness({ fillModel: 'next-open' });
    const id = h.order({ orderType: 'LIMIT', limitPrice: 9 });
    h.engine.replace(id, { limitPrice: 10.2 });
    assert.equal(h.status(id), 'ACCEPTED');
    h.bar(0, 10.5, 10.6, 10.1, 10.3);
    assert.deepEqual(h.types().filter((t) => t.startsWith('OrderReplace')), ['OrderReplaceRequested', 'OrderReplaced']);
    assert.deepEqual(h.fills().map((f) => f.price), [10.2]);
  });

  it('expires a working order on request', () => {
    const h = harness({ fillModel: 'next-open' });
    const id = h.order({ orderType: 'LIMIT', limitPrice: 9, timeInForce: 'DAY' });
    h.broker.expire(id);
    assert.equal(h.status(id), 'EXPIRED');
  });

  it('keeps its own view of open orders and net positions for reconciliation', async () => {
    const h = harness({ fillModel: 'next-open' });
    h.order({ quantity: 100 });
    h.order({ side: 'SELL', quantity: 40 });
    h.order({ orderType: 'LIMIT', limitPrice: 5 });
    h.bar(0, 10, 10, 10, 10);
    assert.deepEqual(await h.broker.positions(), [{ accountId: 'acc', instrumentId: ORCL.id, quantity: 60 }]);
    assert.deepEqual(await h.broker.openOrders(), [
      { clientOrderId: 'i3', brokerOrderId: 'paper-3', instrumentId: ORCL.id, side: 'BUY', quantity: 100, filledQuantity: 0, open: true },
    ]);
  });
});
