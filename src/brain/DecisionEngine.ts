import type { MessageBus } from '../bus/index.js';
import { ENDPOINTS, TOPICS } from '../bus/index.js';
import {
  RecentIds,
  createEventFactory,
  type Clock,
  type EventEnvelope,
  type EventFactory,
  type IdSource,
  type Instrument,
  type InstrumentProvider,
  type Logger,
  type OrderSide,
  type OrderView,
  type PortfolioView,
  type Signal,
  type TimeInForce,
  type TradeIntent,
} from '../core/index.js';
import { AtrTracker } from './AtrTracker.js';
import { closePositions, type ClosePositionsRequest } from './closePositions.js';
import { parseSizingConfig, roundDownToLot, sizeEntry, type ResolvedSizingConfig, type SizeResult, type SizingConfig } from './sizing.js';

export interface DecisionConfig {
  readonly accountId: string;
  readonly sizing: SizingConfig;
  /** Allow adding to an open position on a repeated entry signal (default: no — one entry per book). */
  readonly pyramiding: boolean;
  readonly timeInForce: TimeInForce;
}

export interface DecisionEngineDeps {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly config: DecisionConfig;
}

type Decision = { readonly side: OrderSide; readonly quantity: number; readonly reduceOnly: boolean } | { readonly ignore: string };

/**
 * Turns signals (from strategies or from outside) into sized trade intents and hands them to risk.
 * It never talks to a broker: an intent goes to the risk engine, which alone can approve it.
 */
export class DecisionEngine {
  private readonly events: EventFactory;
  /** Signal ids already decided on (the newest 100,000: redeliveries come within seconds). */
  private readonly seen = new RecentIds(100_000);
  private readonly sizing: ResolvedSizingConfig;
  /** Only for atr-risk sizing: otherwise the engine adds nothing per bar. */
  private readonly atr: AtrTracker | undefined;

  constructor(private readonly deps: DecisionEngineDeps) {
    this.events = createEventFactory('brain', deps.clock, deps.ids);
    this.sizing = parseSizingConfig(deps.config.sizing);
    this.atr = this.sizing.mode === 'atr-risk' ? new AtrTracker(this.sizing.atrPeriod, deps.instruments) : undefined;
  }

  /** Close-position / close-all through the normal signal path; returns how many books it asked to close. */
  closePositions(request: ClosePositionsRequest): number {
    return closePositions(request, { bus: this.deps.bus, clock: this.deps.clock, ids: this.deps.ids, portfolio: this.deps.portfolio, events: this.events });
  }

  start(): void {
    this.deps.bus.subscribe('SignalGenerated', (event) => this.onSignal(event.payload.signal, event));
    this.deps.bus.subscribe('SignalReceived', (event) => this.onSignal(event.payload.signal, event));
    const atr = this.atr;
    if (atr !== undefined) this.deps.bus.subscribe(TOPICS.bar, (bar) => atr.onBar(bar));
  }

  private onSignal(signal: Signal, cause: EventEnvelope): void {
    if (this.seen.has(signal.signalId)) return; // a redelivered signal changes nothing
    this.seen.add(signal.signalId);
    const decision = this.decide(signal);
    if ('ignore' in decision) {
      this.deps.bus.emit(
        this.events.createWith(
          'SignalIgnored',
          { signalId: signal.signalId, strategyId: signal.strategyId, instrumentId: signal.instrumentId, reason: decision.ignore },
          signal.instrumentId, signal.signalId, cause.id, `ignored:${signal.signalId}`,
        ),
      );
      return;
    }
    const intent: TradeIntent = {
      intentId: `${signal.signalId}i`,
      signalId: signal.signalId,
      accountId: this.deps.config.accountId,
      strategyId: signal.strategyId,
      instrumentId: signal.instrumentId,
      action: signal.action,
      side: decision.side,
      quantity: decision.quantity,
      orderType: 'MARKET',
      timeInForce: this.deps.config.timeInForce,
      reduceOnly: decision.reduceOnly,
      confidence: signal.confidence,
      timeframe: signal.timeframe,
      ts: this.deps.clock.nowMs(),
      correlationId: signal.signalId,
      reason: signal.reason,
    };
    this.deps.bus.emit(this.events.createWith('TradeIntentCreated', { intent }, signal.instrumentId, signal.signalId, cause.id, `intent:${intent.intentId}`));
    this.deps.bus.send(ENDPOINTS.riskEvaluate, intent);
  }

  /** Size a new entry; equity, price and ATR are read only when the sizing mode needs them. */
  private size(signal: Signal, instrument: Instrument): SizeResult {
    const { portfolio, config } = this.deps;
    const mode = this.sizing.mode;
    const byEquity = signal.quantity === undefined && (mode === 'pct-equity' || mode === 'atr-risk');
    return sizeEntry(this.sizing, {
      instrument,
      requested: signal.quantity,
      price: signal.price ?? portfolio.lastPrice(signal.instrumentId),
      equityMinor: byEquity ? portfolio.equityMinor(config.accountId) : 0,
      accountCurrency: byEquity ? portfolio.account(config.accountId)?.currency : undefined,
      atr: this.atr?.value(signal.instrumentId, signal.timeframe) ?? Number.NaN,
    });
  }

  /** The book's position decides what a signal means: BUY/SHORT open, SELL/COVER close what is there. */
  private decide(signal: Signal): Decision {
    const { portfolio, orders, instruments, config } = this.deps;
    const instrument = instruments.get(signal.instrumentId);
    if (instrument === undefined) return { ignore: `unknown instrument ${signal.instrumentId}` };
    const working = orders.openOrders({ accountId: config.accountId, strategyId: signal.strategyId, instrumentId: signal.instrumentId });
    if (working.length > 0) return { ignore: `order ${working[0]!.clientOrderId} for this book is still working` };
    const held = portfolio.position(config.accountId, signal.instrumentId, signal.strategyId)?.quantity ?? 0;
    switch (signal.action) {
      case 'BUY':
      case 'SHORT': {
        const direction = signal.action === 'BUY' ? 1 : -1;
        if (held * direction < 0) return { ignore: `book is ${held > 0 ? 'long' : 'short'} ${Math.abs(held)}; close it before ${signal.action}` };
        if (held !== 0 && !config.pyramiding) return { ignore: `book already holds ${held}; pyramiding is off` };
        const sized = this.size(signal, instrument);
        if ('ignore' in sized) return sized;
        return { side: direction > 0 ? 'BUY' : 'SELL', quantity: sized.quantity, reduceOnly: false };
      }
      case 'SELL':
      case 'COVER': {
        const direction = signal.action === 'SELL' ? 1 : -1;
        if (held * direction <= 0) return { ignore: `no ${direction > 0 ? 'long' : 'short'} position to ${signal.action.toLowerCase()}` };
        const open = Math.abs(held);
        const quantity = signal.quantity === undefined ? open : Math.min(open, roundDownToLot(signal.quantity, instrument));
        if (!(quantity > 0)) return { ignore: `requested exit quantity is below one lot (${instrument.lotSize})` };
        return { side: direction > 0 ? 'SELL' : 'BUY', quantity, reduceOnly: true };
      }
    }
  }
}
