import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import {
  createEventFactory, createIdSource, createInstrument, createInstrumentProvider, silentLogger, SimulatedClock, type Signal, type TradeIntent,
} from '../core/index.js';
import { OrderRegistry } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { DecisionEngine } from './DecisionEngine.js';
import type { SizingConfig } from './sizing.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NYSE' });

/** A real decision engine between a real portfolio and the risk endpoint, which here just records intents. */
function setUp(sizing: SizingConfig) {
  const clock = new SimulatedClock(Date.UTC(2024, 0, 2));
  const ids = createIdSource(clock, 1);
  const bus = new InProcessMessageBus();
  const instruments = createInstrumentProvider([ORCL]);
  const portfolio = new Portfolio({ bus, clock, ids, logger: silentLogger, instruments, accounts: [{ accountId: 'a1', currency: 'USD', startingCashMinor: 10_000_000 }] });
  portfolio.start();
  const engine = new DecisionEngine({
    bus, clock, ids, logger: silentLogger, portfolio, orders: new OrderRegistry({ quantityPrecisionOf: () => 0 }), instruments,
    config: { accountId: 'a1', sizing, pyramiding: false, timeInForce: 'GTC' },
  });
  engine.start();
  const intents: TradeIntent[] = [];
  const ignored: string[] = [];
  bus.register(ENDPOINTS.riskEvaluate, (intent) => intents.push(intent));
  bus.subscribe('SignalIgnored', (e) => ignored.push(e.payload.reason));
  const factory = createEventFactory('strategy', clock, ids);
  let n = 0;
  const signal = (overrides: Partial<Signal> = {}) => {
    n += 1;
    const s: Signal = { signalId: `s${n}`, strategyId: 'sma', instrumentId: ORCL.id, action: 'BUY', confidence: 1, reason: 't', timeframe: '1d', ts: clock.nowMs(), origin: 'strategy', ...overrides };
    bus.emit(factory.create('SignalGenerated', { signal: s }, { key: ORCL.id }));
  };
  const bar = (i: number, high: number, low: number, close: number) =>
    bus.publish(TOPICS.bar, { instrumentId: ORCL.id, timeframe: '1d', ts: Date.UTC(2024, 0, 2) + i * 86_400_000, open: close, high, low, close, volume: 1_000 });
  return { intents, ignored, signal, bar };
}

describe('DecisionEngine sizing', () => {
  it('sizes by percent of equity at the last price', () => {
    const s = setUp({ mode: 'pct-equity', pctOfEquity: 10 });
    s.bar(0, 100, 100, 100);
    s.signal();
    assert.equal(s.intents[0]?.quantity, 100);
  });

  it('sizes by ATR risk once the ATR is warm, from bars of the signal timeframe', () => {
    const s = setUp({ mode: 'atr-risk', riskPctOfEquity: 1, atrPeriod: 3, atrMultiple: 2 });
    s.bar(0, 101, 99, 100);
    s.signal();
    assert.match(s.ignored[0]!, /ATR\(3\) of ORCL\.NYSE is not ready yet/);
    s.bar(1, 101, 99, 100);
    s.bar(2, 101, 99, 100);
    s.signal();
    // ATR 2 → stop 4.00 → 1,000.00 / 4.00 = 250.
    assert.equal(s.intents[0]?.quantity, 250);
  });

  it('sizes by fixed notional, ignoring the signal when no lot fits', () => {
    const s = setUp({ mode: 'fixed-notional', notional: 50 });
    s.bar(0, 100, 100, 100);
    s.signal();
    assert.equal(s.intents.length, 0);
    assert.match(s.ignored[0]!, /does not buy one lot/);
  });
});
