import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, PaperBroker } from '../../adapters/index.js';
import { ENDPOINTS, InProcessMessageBus } from '../../bus/index.js';
import {
  SimulatedClock, createApprovalAuthority, createEventFactory, createIdSource, createInstrument, createInstrumentProvider, silentLogger,
  type AnyEvent, type EventEnvelope, type EventType, type TradeIntent,
} from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { RiskEngine, defaultRiskConfig } from '../../risk/index.js';
import { createNode } from '../createNode.js';

const ALPHA = createInstrument({ symbol: 'ALPHA', exchange: 'SIM', tickSize: 0.01 });
const instruments = createInstrumentProvider([ALPHA]);
const T0 = Date.UTC(2024, 0, 2, 14, 30);

/** The whole paper node (bus, risk, execution, portfolio…) over a real PaperBroker fed with ticks. */
function paperNode() {
  const clock = new SimulatedClock(T0);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'tick' } });
  const node = createNode(
    { clock, ids: createIdSource(clock, 5), logger: silentLogger, broker, simulatedMarket: broker, store: new MemoryEventStore(), instruments, calendar: new ExchangeCalendar() },
    {
      accountId: 'paper', currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 10 }, pyramiding: false,
      timeInForce: 'GTC', risk: defaultRiskConfig(),
    },
  );
  const events: AnyEvent[] = [];
  node.bus.subscribeEvents((event) => events.push(event));
  let n = 0;
  const of = <T extends EventType>(type: T) => events.filter((e): e is EventEnvelope<T> & AnyEvent => e.type === type);
  return {
    clock, broker, node, events, of,
    tick(price: number): void {
      clock.advanceTo(clock.nowMs() + 1_000);
      node.onTick({ instrumentId: ALPHA.id, ts: clock.nowMs(), price, size: 1_000 });
    },
    intent(spec: Partial<TradeIntent> = {}): TradeIntent {
      n += 1;
      return {
        intentId: `i${n}`, signalId: `s${n}`, accountId: 'paper', strategyId: 'manual', instrumentId: ALPHA.id, action: 'BUY', side: 'BUY', quantity: 10,
        orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 1, timeframe: '1m', ts: clock.nowMs(), correlationId: `c${n}`, reason: 'spec', ...spec,
      };
    },
  };
}

describe('broker session health in the paper node', () => {
  it('pauses trading when the broker session expires (HALTED by broker-session, nothing reaches the broker) and resumes with a fresh token', () => {
    const p = paperNode();
    p.tick(100);
    p.node.bus.send(ENDPOINTS.riskEvaluate, p.intent());
    p.tick(100.5);
    assert.equal(p.broker.requestsReceived, 1);

    p.broker.expireSession('token expired');
    assert.deepEqual(p.of('TradingStateChanged').map((e) => e.payload), [
      { from: 'ACTIVE', to: 'HALTED', by: 'broker-session', reason: 'broker paper session expired: token expired', cancelOpenOrders: false },
    ]);
    assert.equal(p.of('TradingStateChanged')[0]!.causationId, p.of('BrokerSessionExpired')[0]!.id);
    p.node.bus.send(ENDPOINTS.riskEvaluate, p.intent());
    p.tick(101);
    assert.equal(p.broker.requestsReceived, 1, 'no new order reaches the broker');
    assert.equal(p.of('RiskRejected').at(-1)?.payload.rule, 'trading-state');

    p.node.execution.updateBrokerToken('fresh');
    assert.deepEqual(p.of('TradingStateChanged').at(-1)?.payload, {
      from: 'HALTED', to: 'ACTIVE', by: 'broker-session', reason: 'broker paper session restored', cancelOpenOrders: false,
    });
    p.node.bus.send(ENDPOINTS.riskEvaluate, p.intent({ side: 'SELL', action: 'SELL', reduceOnly: true }));
    p.tick(101);
    assert.equal(p.broker.requestsReceived, 2);
    assert.deepEqual(p.of('OrderFilled').map((e) => [e.payload.side, e.payload.quantity]), [['BUY', 10], ['SELL', 10]]);
    const types = p.events.map((e) => e.type);
    assert.ok(types.indexOf('BrokerSessionExpired') < types.indexOf('BrokerSessionRestored'));
  });

  it("does not undo an operator's decision taken while the session was expired", () => {
    const p = paperNode();
    p.broker.expireSession('token expired');
    p.node.risk.setTradingState('REDUCING', 'alice', 'news pending');
    p.node.execution.updateBrokerToken('fresh');
    assert.deepEqual(p.node.risk.tradingStatus.state, 'REDUCING');
    assert.equal(p.node.risk.tradingStatus.by, 'alice');
  });

  it('returns to the state the pause replaced', () => {
    const p = paperNode();
    p.node.risk.setTradingState('REDUCING', 'max-drawdown', 'drawdown');
    p.broker.expireSession('token expired');
    assert.equal(p.node.risk.tradingStatus.state, 'HALTED');
    p.node.execution.updateBrokerToken('fresh');
    assert.deepEqual(p.of('TradingStateChanged').map((e) => `${e.payload.from}>${e.payload.to} by ${e.payload.by}`), [
      'ACTIVE>REDUCING by max-drawdown', 'REDUCING>HALTED by broker-session', 'HALTED>REDUCING by broker-session',
    ]);
  });

  it('pauses as REDUCING when so configured, and not at all when the state is already as strict', () => {
    const clock = new SimulatedClock(T0);
    const p = paperNode();
    const bus = new InProcessMessageBus();
    const authority = createApprovalAuthority();
    const risk = new RiskEngine({
      bus, clock, ids: createIdSource(clock, 2), logger: silentLogger, approve: authority.approve, portfolio: p.node.portfolio, orders: p.node.orders,
      instruments, calendar: new ExchangeCalendar(), config: defaultRiskConfig(), brokerSessionAction: 'REDUCING',
    });
    risk.start();
    const states: string[] = [];
    bus.subscribe('TradingStateChanged', (e) => states.push(`${e.payload.from}>${e.payload.to} by ${e.payload.by}`));
    const execution = createEventFactory('ExecutionEngine', clock, createIdSource(clock, 3));
    const expired = () => bus.emit(execution.create('BrokerSessionExpired', { broker: 'paper', reason: 'token expired' }, { key: 'paper' }));
    const restored = () => bus.emit(execution.create('BrokerSessionRestored', { broker: 'paper' }, { key: 'paper' }));
    risk.setTradingState('HALTED', 'ops', 'maintenance');
    expired();
    restored();
    risk.setTradingState('ACTIVE', 'ops', 'maintenance over');
    expired();
    restored();
    assert.deepEqual(states, ['ACTIVE>HALTED by ops', 'HALTED>ACTIVE by ops', 'ACTIVE>REDUCING by broker-session', 'REDUCING>ACTIVE by broker-session']);
  });
});
