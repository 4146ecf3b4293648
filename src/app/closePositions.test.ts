import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, PaperBroker } from '../adapters/index.js';
import {
  SimulatedClock,
  createEventFactory,
  createIdSource,
  createInstrument,
  createInstrumentProvider,
  silentLogger,
  type Bar,
  type Signal,
} from '../core/index.js';
import { ExchangeCalendar } from '../data/index.js';
import { defaultRiskConfig } from '../risk/index.js';
import { createNode } from './createNode.js';

describe('close-position and close-all', () => {
  it('close the books through risk and the slicer: HALTED sends nothing; then every slice within the freeze quantity and the account flat', async () => {
    const instrument = createInstrument({ symbol: 'NIFTYFUT', exchange: 'SIM', tickSize: 0.05, lotSize: 25, freezeQuantity: 100 });
    const instruments = createInstrumentProvider([instrument]);
    const clock = new SimulatedClock(Date.UTC(2024, 0, 2));
    const ids = createIdSource(clock, 1);
    const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'close' } });
    const store = new MemoryEventStore();
    const risk = defaultRiskConfig();
    const node = createNode(
      { clock, ids, logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar: new ExchangeCalendar({}) },
      {
        accountId: 'acc', currency: 'USD', startingCashMinor: 1_000_000_000, sizing: { mode: 'fixed-quantity', quantity: 25 }, pyramiding: false, timeInForce: 'GTC',
        risk: { ...risk, rules: { ...risk.rules, liquidityGuard: { ...risk.rules.liquidityGuard, enabled: false }, maxPositionPct: { ...risk.rules.maxPositionPct, limitPct: 100 } } },
      },
    );
    const bar = (i: number): Bar => ({ instrumentId: instrument.id, timeframe: '1m', ts: clock.nowMs(), open: 100 + i, high: 101 + i, low: 99 + i, close: 100 + i, volume: 1_000_000 });
    const signals = createEventFactory('test', clock, ids);
    const enter = (strategyId: string, action: 'BUY' | 'SHORT', quantity: number): void => {
      const signal: Signal = { signalId: ids.next(), strategyId, instrumentId: instrument.id, action, confidence: 1, reason: 'test entry', timeframe: '1m', ts: clock.nowMs(), origin: 'manual', quantity };
      node.bus.emit(signals.create('SignalReceived', { signal }, { key: instrument.id, correlationId: signal.signalId }));
    };
    clock.advanceTo(clock.nowMs() + 60_000);
    node.onBar(bar(0));
    enter('trend', 'BUY', 350);
    enter('hedge', 'SHORT', 125);
    for (let i = 1; i <= 3; i++) {
      clock.advanceTo(clock.nowMs() + 60_000);
      node.onBar(bar(i));
    }
    assert.equal(node.portfolio.position('acc', instrument.id, 'trend')?.quantity, 350);
    assert.equal(node.portfolio.position('acc', instrument.id, 'hedge')?.quantity, -125);

    node.risk.setTradingState('HALTED', 'test', 'nothing may reach the broker');
    const before = broker.requestsReceived;
    assert.equal(node.decision.closePositions({ accountId: 'acc', by: 'alice', reason: 'end of day' }), 2);
    assert.equal(broker.requestsReceived, before, 'HALTED: the close-all was refused before the broker');

    node.risk.setTradingState('ACTIVE', 'test', 'trading again');
    clock.advanceTo(clock.nowMs() + 120_000); // past the duplicate-signal window
    node.onBar(bar(4));
    assert.equal(node.decision.closePositions({ accountId: 'acc', by: 'alice', reason: 'end of day' }), 2);
    for (let i = 5; i <= 8; i++) {
      clock.advanceTo(clock.nowMs() + 60_000);
      node.onBar(bar(i));
    }
    assert.equal(node.portfolio.position('acc', instrument.id)?.quantity ?? 0, 0, 'the account is flat');
    const exits = (await store.read({ types: ['OrderFilled'] }))
      .map((s) => s.event)
      .filter((e) => e.type === 'OrderFilled' && e.ts > Date.UTC(2024, 0, 2, 0, 5));
    const sizes = exits.map((e) => (e.type === 'OrderFilled' ? e.payload.quantity : 0));
    assert.ok(sizes.every((q) => q <= 100 && q % 25 === 0), `every exit slice within the freeze quantity and on the lot: ${sizes.join(', ')}`);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 475);
    const reasons = (await store.read({ types: ['SignalReceived'] })).map((s) => (s.event.type === 'SignalReceived' ? s.event.payload.signal.reason : ''));
    assert.ok(reasons.includes('close-all by alice: end of day'));
  });
});
