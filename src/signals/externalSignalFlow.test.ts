import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionEngine } from '../brain/index.js';
import { ENDPOINTS, InProcessMessageBus } from '../bus/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger, type AnyEvent, type TradeIntent } from '../core/index.js';
import { OrderRegistry } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { parseAmiBrokerSignals } from './parseAmiBrokerSignals.js';
import { SignalIntake } from './SignalIntake.js';

const instruments = createInstrumentProvider([
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25 }),
]);

describe('external signals into the decision engine', () => {
  it('hands a received signal to the decision engine, which sizes it into a trade intent for risk', () => {
    const clock = new SimulatedClock(1_730_790_000_000);
    const bus = new InProcessMessageBus();
    const seen: AnyEvent[] = [];
    bus.subscribeEvents((event) => seen.push(event));
    const intake = new SignalIntake({ bus, clock, ids: createIdSource(clock, 3), logger: silentLogger, instruments, isStrategyActive: (id) => id === 'MA_Crossover' });
    const ids = createIdSource(clock, 9);
    const portfolio = new Portfolio({ bus, clock, ids, logger: silentLogger, instruments, accounts: [{ accountId: 'A1', currency: 'INR', startingCashMinor: 1e10 }] });
    const decision = new DecisionEngine({
      bus, clock, ids, logger: silentLogger, portfolio, orders: new OrderRegistry(), instruments,
      config: { accountId: 'A1', sizing: { mode: 'fixed-quantity', quantity: 25 }, pyramiding: false, timeInForce: 'DAY' },
    });
    portfolio.start();
    decision.start();
    const toRisk: TradeIntent[] = [];
    bus.register(ENDPOINTS.riskEvaluate, (intent) => toRisk.push(intent));
    intake.accept(parseAmiBrokerSignals(`symbol,signal_type,quantity,price,timeframe,strategy_name\nNIFTY24NOVFUT,BUY,60,25000,15min,MA_Crossover\n`, 'd.csv'), 'amibroker', 'beef');
    assert.equal(seen.filter((e) => e.type === 'TradeIntentCreated').length, 1);
    assert.deepEqual([toRisk[0]!.signalId, toRisk[0]!.strategyId, toRisk[0]!.side, toRisk[0]!.quantity], ['ab-beef-2', 'MA_Crossover', 'BUY', 50]);
  });
});
