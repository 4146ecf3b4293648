import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument, createInstrumentProvider, SimulatedClock } from '../../../core/index.js';
import type { BrokerReport } from '../../../core/index.js';
import { FaultyBroker } from './FaultyBroker.js';
import { PaperBroker } from './PaperBroker.js';
import type { PaperBrokerOptions } from './PaperBroker.js';
import type { PaperBrokerConfig } from './PaperBrokerConfig.js';
import type { PaperOrderRequest } from './WorkingOrder.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Tuesday 2 January 2024, 09:30 New York (14:30 UTC). */
const T0 = Date.UTC(2024, 0, 2, 14, 30);
const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });

/** 16:00 New York (21:00 UTC) of the day of `tsMs`, or of the next day once that has passed. */
function nyseClose(_instrumentId: string, tsMs: number): number {
  const day = Math.floor(tsMs / DAY_MS) * DAY_MS;
  const close = day + 21 * 3_600_000;
  return tsMs < close ? close : close + DAY_MS;
}

/** The paper broker on its own: requests in, reports out. */
function venue(config: PaperBrokerConfig, options: Partial<PaperBrokerOptions> = {}) {
  const clock = new SimulatedClock(T0);
  const broker = new PaperBroker({ clock, instruments: createInstrumentProvider([ORCL]), config, ...options });
  const reports: BrokerReport[] = [];
  broker.setListener((report) => reports.push(report));
  let count = 0;
  return {
    clock, broker, reports,
    submit(spec: Partial<PaperOrderRequest> = {}): string {
      const request: PaperOrderRequest = {
        clientOrderId: `o${++count}`, accountId: 'acc', instrumentId: ORCL.id, side: 'SELL', type: 'MARKET', quantity: 100, timeInForce: 'GTC', ...spec,
      };
      broker.submit(request);
      return request.clientOrderId;
    },
    /** A one-minute bar opening at `tsMs`, delivered at its close. */
    bar(tsMs: number, open: number, high: number, low: number, close: number): void {
      clock.advanceTo(tsMs + MINUTE_MS);
      broker.onBar({ instrumentId: ORCL.id, timeframe: '1m', ts: tsMs, open, high, low, close, volume: 1_000_000 });
    },
    tick(tsMs: number, price: number, bid?: number, ask?: number): void {
      clock.advanceTo(tsMs);
      broker.onTick({ instrumentId: ORCL.id, ts: tsMs, price, size: 1_000, ...(bid !== undefined ? { bid } : {}), ...(ask !== undefined ? { ask } : {}) });
    },
    fills(): [string, number, number][] {
      return reports.flatMap((r) => (r.kind === 'filled' ? [[r.clientOrderId, r.price, r.ts] as [string, number, number]] : []));
    },
    kinds(id: string): string[] {
      return reports.filter((r) => 'clientOrderId' in r && r.clientOrderId === id).map((r) => r.kind);
    },
  };
}

describe('PaperBroker trailing stops', () => {
  it('trails a sell stop below the best price since it went live and fills at the stop with slippage', () => {
    const v = venue({ fillModel: 'next-open', slippageBps: 10 });
    v.bar(T0, 10, 10, 10, 10);
    const id = v.submit({ type: 'TRAILING_STOP', trailingOffset: 0.5 }); // live at 10: stop 9.50
    v.bar(T0 + MINUTE_MS, 10.1, 11, 9.8, 10.9); // stop not reached; best 11 → stop 10.50
    v.bar(T0 + 2 * MINUTE_MS, 10.9, 11.2, 10.7, 11.1); // best 11.2 → 10.70
    assert.deepEqual(v.fills(), []);
    v.bar(T0 + 3 * MINUTE_MS, 11, 11.05, 10.6, 10.65); // low reaches 10.70: 10.70 × 0.999 = 10.6893 → 10.68
    assert.deepEqual(v.fills(), [[id, 10.68, T0 + 3 * MINUTE_MS]]);
  });

  it('fills at the open when a bar gaps through the stop', () => {
    const v = venue({ fillModel: 'next-open' });
    v.bar(T0, 10, 10, 10, 10);
    const id = v.submit({ type: 'TRAILING_STOP', trailingOffset: 0.5 });
    v.bar(T0 + MINUTE_MS, 9.2, 9.3, 9, 9.1);
    assert.deepEqual(v.fills(), [[id, 9.2, T0 + MINUTE_MS]]);
  });

  it('trails a buy stop above the lowest tick and buys at the ask once a trade reaches it', () => {
    const v = venue({ fillModel: 'tick' });
    v.tick(T0, 20);
    const id = v.submit({ side: 'BUY', type: 'TRAILING_STOP', trailingOffset: 0.25 }); // stop 20.25
    v.tick(T0 + 1_000, 19.6); // best 19.60 → 19.85
    v.tick(T0 + 2_000, 19.8);
    assert.deepEqual(v.fills(), []);
    v.tick(T0 + 3_000, 19.86, 19.85, 19.87);
    assert.deepEqual(v.fills(), [[id, 19.87, T0 + 3_000]]);
  });

  it('starts from its own stop price when that is tighter than the offset', () => {
    const v = venue({ fillModel: 'tick' });
    v.tick(T0, 20);
    const id = v.submit({ type: 'TRAILING_STOP', trailingOffset: 1, stopPrice: 19.9 });
    v.tick(T0 + 1_000, 19.9);
    assert.deepEqual(v.fills(), [[id, 19.9, T0 + 1_000]]);
  });

  it('rejects a trailing stop without a valid offset', () => {
    const v = venue({ fillModel: 'tick' });
    v.submit({ type: 'TRAILING_STOP' });
    v.submit({ type: 'TRAILING_STOP', trailingOffset: 0.005 });
    assert.deepEqual(v.reports.map((r) => (r.kind === 'rejected' ? r.reason : r.kind)), [
      'trailingOffset is required for TRAILING_STOP orders', 'trailingOffset 0.005 is not on the tick size 0.01',
    ]);
  });
});

describe('PaperBroker time in force', () => {
  it('expires DAY orders with the first market data after the session close and keeps GTC orders', () => {
    const v = venue({ fillModel: 'next-open' }, { sessionCloseOf: nyseClose });
    const day = v.submit({ type: 'LIMIT', limitPrice: 12, timeInForce: 'DAY' });
    const gtc = v.submit({ type: 'LIMIT', limitPrice: 12, timeInForce: 'GTC' });
    v.bar(T0 + 6 * 60 * MINUTE_MS, 10, 10, 10, 10); // 15:30, still in the session
    assert.deepEqual(v.kinds(day), ['accepted']);
    v.bar(T0 + DAY_MS, 10, 10, 10, 10); // the next morning
    assert.deepEqual(v.kinds(day), ['accepted', 'expired']);
    assert.deepEqual(v.kinds(gtc), ['accepted']);
  });

  it('gives a DAY order placed after the close the next session', () => {
    const v = venue({ fillModel: 'tick' }, { sessionCloseOf: nyseClose });
    v.clock.advanceTo(T0 + 7 * 60 * MINUTE_MS); // 16:30
    const id = v.submit({ type: 'LIMIT', limitPrice: 12, timeInForce: 'DAY' });
    v.tick(T0 + DAY_MS, 11);
    assert.deepEqual(v.kinds(id), ['accepted']);
    v.tick(T0 + DAY_MS + 7 * 60 * MINUTE_MS, 11);
    assert.deepEqual(v.kinds(id), ['accepted', 'expired']);
  });

  it('expires due DAY orders when asked at the session end', () => {
    const v = venue({ fillModel: 'next-open' }, { sessionCloseOf: nyseClose });
    const id = v.submit({ type: 'LIMIT', limitPrice: 12, timeInForce: 'DAY' });
    v.broker.expireDue(T0 + 60 * MINUTE_MS);
    assert.deepEqual(v.kinds(id), ['accepted']);
    v.broker.expireDue(nyseClose(ORCL.id, T0));
    assert.deepEqual(v.kinds(id), ['accepted', 'expired']);
  });

  it('never expires DAY orders without a session calendar', () => {
    const v = venue({ fillModel: 'next-open' });
    const id = v.submit({ type: 'LIMIT', limitPrice: 12, timeInForce: 'DAY' });
    v.bar(T0 + 3 * DAY_MS, 10, 10, 10, 10);
    assert.deepEqual(v.kinds(id), ['accepted']);
  });
});

describe('PaperBroker simulated faults', () => {
  it('rejects configured client order ids and the requests its reject rule names', () => {
    const v = venue({ fillModel: 'next-open', rejectClientIds: ['o1'] }, { rejectWhen: (r) => (r.quantity > 500 ? 'too large for this venue' : undefined) });
    v.submit();
    v.submit({ quantity: 600 });
    v.submit();
    assert.deepEqual(v.reports.map((r) => ['clientOrderId' in r ? r.clientOrderId : '', r.kind === 'rejected' ? r.reason : r.kind]), [
      ['o1', 'client order id o1 is configured to be rejected'], ['o2', 'too large for this venue'], ['o3', 'accepted'],
    ]);
    assert.equal(v.broker.requestsReceived, 3);
  });

  it('throws before a call, after it took effect, or swallows its reports, when wrapped with a fault plan', async () => {
    const v = venue({ fillModel: 'next-open' });
    const faults = { o1: 'throw', o2: 'throw-after', o3: 'silent' } as const;
    const faulty = new FaultyBroker(v.broker, (call, id) => (call === 'submit' ? faults[id as keyof typeof faults] : undefined));
    const reports: BrokerReport[] = [];
    faulty.setListener((report) => reports.push(report));
    const request = (clientOrderId: string): PaperOrderRequest => ({
      clientOrderId, accountId: 'acc', instrumentId: ORCL.id, side: 'BUY', type: 'MARKET', quantity: 10, timeInForce: 'GTC',
    });
    assert.throws(() => faulty.submit(request('o1')), /submit of o1 failed \(simulated fault\)/);
    assert.throws(() => faulty.submit(request('o2')), /submit of o2 failed/);
    faulty.submit(request('o3'));
    faulty.submit(request('o4'));
    assert.deepEqual(reports.map((r) => [r.kind, 'clientOrderId' in r ? r.clientOrderId : '']), [['accepted', 'o4']]);
    assert.deepEqual((await faulty.openOrders()).map((o) => o.clientOrderId), ['o2', 'o3', 'o4']);
    v.bar(T0, 10, 10, 10, 10);
    assert.deepEqual(reports.flatMap((r) => (r.kind === 'filled' ? [r.clientOrderId] : [])), ['o2', 'o3', 'o4']);
    assert.equal(faulty.capabilities, v.broker.capabilities);
  });
});
