import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlError, type Actor } from '../../api/index.js';
import { MemoryEventStore, PaperBroker } from '../../adapters/index.js';
import { TOPICS } from '../../bus/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger, type Bar, type Tick } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { createNode, type TradingNode } from '../createNode.js';
import { createMarketControl } from './marketControl.js';

const trader: Actor = { username: 'tess', role: 'trader', via: 'token' };
const future = createInstrument({ symbol: 'NIFTY', exchange: 'NFO', tickSize: 0.05, lotSize: 50, currency: 'INR' });

/** A real paper node trading `future` (bus, engines, paper broker, in-memory log). */
function paperNode(clock: SimulatedClock): TradingNode {
  const instruments = createInstrumentProvider([future]);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'tick', slippageBps: 0, commission: {} } });
  return createNode(
    { clock, ids: createIdSource(clock, 1), logger: silentLogger, broker, simulatedMarket: broker, store: new MemoryEventStore(), instruments, calendar: new ExchangeCalendar({ holidays: {} }) },
    { accountId: 'paper', currency: 'INR', startingCashMinor: 1e9, sizing: { mode: 'fixed-quantity', quantity: 50 }, pyramiding: false, timeInForce: 'GTC', risk: defaultRiskConfig() },
  );
}

function invalid(field: string): (error: unknown) => boolean {
  return (error) => error instanceof ControlError && error.code === 'INVALID' && error.field === field;
}

describe('market control', () => {
  it('injects ticks and bars on the instrument’s grids at the clock’s now', () => {
    const clock = new SimulatedClock(Date.UTC(2024, 4, 2, 4, 7, 30));
    const node = paperNode(clock);
    const market = createMarketControl({ node, instruments: createInstrumentProvider([future]), clock, paper: true });
    const ticks: Tick[] = [];
    const bars: Bar[] = [];
    node.bus.subscribe(TOPICS.tick, (t) => ticks.push(t));
    node.bus.subscribe(TOPICS.bar, (b) => bars.push(b));
    market.simulateTick({ instrumentId: future.id, price: 22_150.35 }, trader);
    assert.deepEqual(ticks, [{ instrumentId: future.id, ts: clock.nowMs(), price: 22_150.35, size: 50 }]);
    market.simulateBar({ instrumentId: future.id, open: 22_150, high: 22_160.5, low: 22_140, close: 22_155.25, volume: 500, timeframe: '15min' }, trader);
    assert.deepEqual(bars, [
      { instrumentId: future.id, timeframe: '15m', ts: Date.UTC(2024, 4, 2, 3, 45), open: 22_150, high: 22_160.5, low: 22_140, close: 22_155.25, volume: 500 },
    ]);
    assert.deepEqual(market.lastPrices(), { [future.id]: 22_155.25 });
  });

  it('refuses prices off the tick grid, sizes off the lot grid and unknown timeframes, naming the field', () => {
    const clock = new SimulatedClock(0);
    const market = createMarketControl({ node: paperNode(clock), instruments: createInstrumentProvider([future]), clock, paper: true });
    assert.throws(() => market.simulateTick({ instrumentId: future.id, price: 22_150.02 }, trader), invalid('price'));
    assert.throws(() => market.simulateTick({ instrumentId: future.id, price: Number.NaN }, trader), invalid('price'));
    assert.throws(() => market.simulateTick({ instrumentId: future.id, price: 1e300 }, trader), invalid('price'));
    assert.throws(() => market.simulateTick({ instrumentId: future.id, price: 100, size: 75 }, trader), invalid('size'));
    const bar = { instrumentId: future.id, open: 100, high: 101, low: 99, close: 100 };
    assert.throws(() => market.simulateBar({ ...bar, timeframe: '7m' }, trader), invalid('timeframe'));
    assert.throws(() => market.simulateBar({ ...bar, close: 100.01 }, trader), invalid('close'));
    assert.throws(() => market.simulateBar({ ...bar, volume: 10 }, trader), invalid('volume'));
  });

  it('answers NOT_FOUND for an unknown instrument and UNAVAILABLE outside paper mode', () => {
    const instruments = createInstrumentProvider([future]);
    const clock = new SimulatedClock(0);
    const paper = createMarketControl({ node: paperNode(clock), instruments, clock, paper: true });
    assert.throws(
      () => paper.simulateTick({ instrumentId: 'BANKNIFTY.NFO', price: 1 }, trader),
      (error: unknown) => error instanceof ControlError && error.code === 'NOT_FOUND' && error.field === 'instrumentId',
    );
    const live = createMarketControl({ node: paperNode(clock), instruments, clock, paper: false });
    assert.throws(() => live.simulateTick({ instrumentId: future.id, price: 1 }, trader), (error: unknown) => error instanceof ControlError && error.code === 'UNAVAILABLE');
  });
});
