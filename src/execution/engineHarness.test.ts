/**
 * Shared set-up for the execution specs (named .test.ts so it may build real adapters; it holds no tests):
 * an ExecutionEngine on a real bus with a real PaperBroker, instruments with lot sizes and freeze
 * quantities, and helpers that read like the market (one-minute bars) and the risk engine (approvals).
 */
import { FaultyBroker, PaperBroker } from '../adapters/brokers/index.js';
import type { FaultPlan, PaperBrokerConfig } from '../adapters/brokers/index.js';
import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import { createApprovalAuthority, createIdSource, createInstrument, createInstrumentProvider, SimulatedClock, silentLogger } from '../core/index.js';
import type { AnyEvent, ApprovedBasket, ApprovedTrade, BasketIntent, EventType, Instrument, TradeIntent } from '../core/index.js';
import { ExecutionEngine } from './ExecutionEngine.js';
import { OrderRegistry } from './OrderRegistry.js';

export const MINUTE_MS = 60_000;
/** Tuesday 2 January 2024, 09:30 New York. */
export const T0 = Date.UTC(2024, 0, 2, 14, 30);
export const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
export const NIFTY = createInstrument({
  symbol: 'NIFTY24JANFUT', exchange: 'NFO', tickSize: 0.05, lotSize: 25, freezeQuantity: 1800, currency: 'INR', assetClass: 'FUTURE',
});
export const BANKNIFTY = createInstrument({
  symbol: 'BANKNIFTY24JANFUT', exchange: 'NFO', tickSize: 0.05, lotSize: 15, freezeQuantity: 900, currency: 'INR', assetClass: 'FUTURE',
});
export const INSTRUMENTS = createInstrumentProvider([ORCL, NIFTY, BANKNIFTY]);

export interface HarnessOptions {
  /** Wrap the paper broker in a FaultyBroker following this plan. */
  readonly faults?: FaultPlan;
  readonly sessionCloseOf?: (instrumentId: string, tsMs: number) => number | undefined;
  readonly brokerTimeoutMs?: number;
}

export type Harness = ReturnType<typeof engineHarness>;

export function engineHarness(config: PaperBrokerConfig = { fillModel: 'next-open' }, options: HarnessOptions = {}) {
  const clock = new SimulatedClock(T0);
  const bus = new InProcessMessageBus();
  const events: AnyEvent[] = [];
  bus.subscribeEvents((event) => events.push(event));
  const broker = new PaperBroker({
    clock, instruments: INSTRUMENTS, config, ...(options.sessionCloseOf !== undefined ? { sessionCloseOf: options.sessionCloseOf } : {}),
  });
  const authority = createApprovalAuthority();
  const engine = new ExecutionEngine({
    bus, clock, ids: createIdSource(clock, 3), logger: silentLogger, broker: options.faults === undefined ? broker : new FaultyBroker(broker, options.faults), verify: authority.verify, verifyBasket: authority.verifyBasket,
    instruments: INSTRUMENTS, ...(options.brokerTimeoutMs !== undefined ? { brokerTimeoutMs: options.brokerTimeoutMs } : {}),
  });
  engine.start();
  let minute = 0;
  const intent = (intentId: string, spec: Partial<TradeIntent> = {}): TradeIntent => ({
    intentId, signalId: `sig-${intentId}`, accountId: 'acc', strategyId: 'strat', instrumentId: ORCL.id, action: 'BUY', side: 'BUY',
    quantity: 100, orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 1, timeframe: '1m', ts: clock.nowMs(),
    correlationId: `corr-${intentId}`, reason: 'spec', ...spec,
  });
  const h = {
    clock, bus, events, broker, engine, authority,
    intent,
    approve(intentId: string, spec: Partial<TradeIntent> = {}): ApprovedTrade {
      const built = intent(intentId, spec);
      return authority.approve(built, built.quantity, `dec-${intentId}`);
    },
    /** Send an approved trade to the execution endpoint; returns its client order id. */
    execute(intentId: string, spec: Partial<TradeIntent> = {}): string {
      bus.send(ENDPOINTS.executionExecute, h.approve(intentId, spec));
      return intentId;
    },
    approveBasket(basketId: string, legs: readonly TradeIntent[], timeoutMs = 5 * MINUTE_MS): ApprovedBasket {
      const basket: BasketIntent = { basketId, accountId: 'acc', legs, timeoutMs, correlationId: `corr-${basketId}`, ts: clock.nowMs(), reason: 'spec' };
      return authority.approveBasket(basket, legs.map((leg) => authority.approve(leg, leg.quantity, `dec-${leg.intentId}`)), `dec-${basketId}`);
    },
    sendBasket(basketId: string, legs: readonly TradeIntent[], timeoutMs?: number): void {
      bus.send(ENDPOINTS.executionExecuteBasket, h.approveBasket(basketId, legs, timeoutMs));
    },
    /** The next one-minute bar of `instrumentId`, delivered at its close: the simulated market first, then the bus. */
    bar(price: number | { open: number; high: number; low: number; close: number }, volume = 1_000_000, instrumentId = ORCL.id): void {
      const ohlc = typeof price === 'number' ? { open: price, high: price, low: price, close: price } : price;
      const ts = T0 + minute * MINUTE_MS;
      minute += 1;
      clock.advanceTo(ts + MINUTE_MS);
      const bar = { instrumentId, timeframe: '1m' as const, ts, ...ohlc, volume };
      broker.onBar(bar);
      bus.publish(TOPICS.bar, bar);
    },
    /** Bars for several instruments in the same minute, in the order given: [instrument, price, volume?]. */
    bars(prices: readonly (readonly [Instrument, number, number?])[]): void {
      const ts = T0 + minute * MINUTE_MS;
      minute += 1;
      clock.advanceTo(ts + MINUTE_MS);
      for (const [instrument, price, volume = 1_000_000] of prices) {
        const bar = { instrumentId: instrument.id, timeframe: '1m' as const, ts, open: price, high: price, low: price, close: price, volume };
        broker.onBar(bar);
        bus.publish(TOPICS.bar, bar);
      }
    },
    of<T extends EventType>(type: T): Extract<AnyEvent, { type: T }>[] {
      return events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
    },
    types(): string[] {
      return events.map((e) => e.type);
    },
    status(clientOrderId: string): string | undefined {
      return engine.registry.get(clientOrderId)?.status;
    },
    position(instrumentId = ORCL.id): number {
      return engine.registry.netFilled('acc', instrumentId);
    },
    async brokerPosition(instrumentId = ORCL.id): Promise<number> {
      return (await broker.positions()).find((p) => p.instrumentId === instrumentId)?.quantity ?? 0;
    },
    /**
     * A fresh registry folded from the emitted events (through JSON, as a log would hold them). Refuses a log
     * in which two events share an idempotency key: a store would drop the second.
     */
    replayed(): OrderRegistry {
      const keys = new Set(events.map((e) => e.idempotencyKey));
      if (keys.size !== events.length) throw new Error(`${events.length - keys.size} events repeat an idempotency key`);
      const registry = new OrderRegistry({ instruments: INSTRUMENTS });
      for (const event of JSON.parse(JSON.stringify(events)) as AnyEvent[]) registry.apply(event);
      return registry;
    },
  };
  return h;
}
