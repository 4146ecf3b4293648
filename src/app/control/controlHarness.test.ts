/**
 * Shared set-up for the control specs (named .test.ts so it may build real adapters; it holds no tests): a
 * paper node built by createNode on a simulated clock, a MemoryEventStore as its log, a strategy catalog, and
 * every control factory of the API over it. Helpers read like the market (one-minute bars) and like a person
 * sending a signal.
 */
import assert from 'node:assert/strict';
import { MemoryEventStore, PaperBroker } from '../../adapters/index.js';
import { ControlError } from '../../api/index.js';
import {
  SimulatedClock, createEventFactory, createIdSource, createInstrument, createInstrumentProvider, silentLogger,
  type AnyEvent, type Signal, type SignalAction,
} from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { StrategyCatalog, createDefaultStrategyRegistry } from '../../strategy/index.js';
import { createNode } from '../createNode.js';
import { createExecutionControl } from './executionControl.js';
import { createPortfolioControl } from './portfolioControl.js';
import { createRiskControl, engineTradingCommands } from './riskControl.js';
import { createStatusControl } from './statusControl.js';
import { createStrategyControl } from './strategyControl.js';

export const MINUTE_MS = 60_000;
/** Tuesday 2 January 2024, 14:30 UTC. */
export const T0 = Date.UTC(2024, 0, 2, 14, 30);
export const ACCOUNT = 'paper-1';
/** 1,000,000.00 USD. */
export const STARTING_CASH_MINOR = 100_000_000;
export const ALPHA = createInstrument({ symbol: 'ALPHA', exchange: 'SIM', tickSize: 0.01 });
export const BETA = createInstrument({ symbol: 'BETA', exchange: 'SIM', tickSize: 0.05, freezeQuantity: 100 });

export type TestNode = ReturnType<typeof startTestNode>;

/** A paper node with one registered strategy (`sma-1`, sma-crossover 2/3 on ALPHA) and the API's controls over it. */
export function startTestNode() {
  const instruments = createInstrumentProvider([ALPHA, BETA]);
  const clock = new SimulatedClock(T0);
  const ids = createIdSource(clock, 11);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open' } });
  const store = new MemoryEventStore();
  const defaults = defaultRiskConfig();
  const node = createNode(
    { clock, ids, logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar: new ExchangeCalendar({}) },
    {
      accountId: ACCOUNT, currency: 'USD', startingCashMinor: STARTING_CASH_MINOR, sizing: { mode: 'fixed-quantity', quantity: 10 }, pyramiding: true, timeInForce: 'GTC',
      risk: { ...defaults, rules: { ...defaults.rules, liquidityGuard: { ...defaults.rules.liquidityGuard, enabled: false }, duplicateSignal: { ...defaults.rules.duplicateSignal, enabled: false } } },
    },
  );
  const events: AnyEvent[] = [];
  node.bus.subscribeEvents((event) => events.push(event));
  const registry = createDefaultStrategyRegistry();
  const catalog = new StrategyCatalog({ bus: node.bus, clock, ids, logger: silentLogger, registry, runner: node.strategies, instruments });
  catalog.start();
  catalog.register({ strategyId: 'sma-1', strategy: 'sma-crossover', instruments: [ALPHA.id], timeframe: '1m', params: { fast: 2, slow: 3 } }, { by: 'config', reason: 'spec' });

  let feedRunning = true;
  const strategies = createStrategyControl({ catalog, registry, instruments });
  const risk = createRiskControl({ risk: node.risk, commands: engineTradingCommands(node.risk), bus: node.bus, portfolio: node.portfolio, accountId: ACCOUNT, clock });
  const execution = createExecutionControl({ orders: node.orders, execution: node.execution });
  const portfolio = createPortfolioControl({ portfolio: node.portfolio, accountId: ACCOUNT, currency: 'USD', clock, bus: node.bus, startingCashMinor: STARTING_CASH_MINOR, equityReferences: node.risk.metrics });
  const status = createStatusControl({
    clock, startedAtMs: T0, mode: 'paper', accountId: ACCOUNT, risk: node.risk, execution: node.execution, orders: node.orders, catalog,
    feed: () => ({ name: 'feed', state: feedRunning ? 'ok' : 'down', detail: 'synthetic' }),
    eventLog: () => ({ name: 'event-log', state: 'ok' }),
    signalIntake: () => ({ name: 'signal-intake', state: 'ok', detail: 'webhook off' }),
  });
  const signals = createEventFactory('spec', clock, ids);
  let minute = 0;

  return {
    clock, ids, node, store, broker, catalog, registry, instruments, events,
    controls: { strategies, risk, execution, portfolio, status },
    /** One 1m bar of `instrumentId` at `close` (open = high = low = close), published at its close. */
    bar(close: number, instrumentId = ALPHA.id): void {
      const ts = T0 + minute++ * MINUTE_MS;
      clock.advanceTo(Math.max(clock.nowMs(), ts + MINUTE_MS));
      node.onBar({ instrumentId, timeframe: '1m', ts, open: close, high: close, low: close, close, volume: 1_000_000 });
    },
    /** A person's signal (SignalReceived), sized by its quantity; it becomes an order at once and fills on the next bar. */
    signal(action: SignalAction, quantity: number, options: { readonly strategyId?: string; readonly confidence?: number; readonly instrumentId?: string } = {}): string {
      const signal: Signal = {
        signalId: ids.next(), strategyId: options.strategyId ?? 'manual', instrumentId: options.instrumentId ?? ALPHA.id, action,
        confidence: options.confidence ?? 1, reason: 'spec', timeframe: '1m', ts: clock.nowMs(), origin: 'manual', quantity,
      };
      node.bus.emit(signals.create('SignalReceived', { signal }, { key: signal.instrumentId, correlationId: signal.signalId }));
      return signal.signalId;
    },
    ofType<T extends AnyEvent['type']>(type: T): Extract<AnyEvent, { type: T }>[] {
      return events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
    },
    stopFeed(): void {
      feedRunning = false;
    },
    stop(): void {
      risk.stop();
      portfolio.stop();
    },
  };
}

/** The ControlError a command throws (fails the test when it does not refuse). */
export function refusal(fn: () => unknown): ControlError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ControlError, `expected a ControlError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the command to be refused');
}
