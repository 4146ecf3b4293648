import { MemoryEventStore } from '../../adapters/index.js';
import {
  RealClock,
  SimulatedClock,
  createIdSource,
  createInstrumentProvider,
  silentLogger,
  type Broker,
  type Clock,
  type EventStore,
  type Instrument,
  type InstrumentProvider,
  type MarketDataSink,
  type Timeframe,
} from '../../core/index.js';
import { BUILT_IN_EXCHANGES, ExchangeCalendar } from '../../data/index.js';
import { createNode, type NodeConfig, type TradingNode } from '../createNode.js';
import { sessionCloseOf } from '../sessionClose.js';
import { cyclingStrategy } from './cyclingStrategy.js';
import { warmUpRiskConfig } from './warmUpRiskConfig.js';

/** What a throwaway graph's broker is built from (its own clock, instruments and sessions). */
export interface WarmUpBrokerPorts {
  readonly clock: Clock;
  readonly instruments: InstrumentProvider;
  readonly sessionCloseOf: (instrumentId: string, tsMs: number) => number | undefined;
}

/** What the throwaway graphs are built like: the live node's configuration and kinds of parts. */
export interface OrderPathWarmerOptions {
  /** The live node's configuration: the throwaway graphs are built from it (each with its own state). */
  readonly config: NodeConfig;
  /** The live node's instruments (immutable values; each graph gets its own provider over them). */
  readonly instruments: InstrumentProvider;
  /** The live node's clock: only its kind is used (a simulated one gets a simulated clock of its own, else the wall clock). */
  readonly clock: Clock;
  /** A new simulated venue of the live node's broker class (e.g. `new PaperBroker(…)` with the live broker's settings). */
  readonly createBroker: (ports: WarmUpBrokerPorts) => Broker & MarketDataSink;
  /** A new, empty, throwaway event store of the live node's kind, or in memory (the default); closed with the warmer. */
  readonly createStore?: () => EventStore;
  /**
   * What the live node's broker fills on: `ticks` (a tick feed, fill model `tick`) or `bars` (a bar replay, fill
   * models `next-open` and `close`). The graphs get that kind of market data (default ticks).
   */
  readonly marketData?: 'ticks' | 'bars';
  /** Exchange holidays of the risk configuration (each graph has its own calendar). */
  readonly holidays?: Readonly<Record<string, readonly string[]>>;
}

/** Instruments the warm-up trades (the first ones configured): enough for every per-instrument code path. */
const MAX_INSTRUMENTS = 20;
/**
 * Prices sit on this many ticks of each instrument and move by one: an odd number of ticks, so on a decimal grid
 * a price is not a whole number (a live price seldom is, and V8 keeps whole numbers apart from the others).
 */
const BASE_TICKS = 1_001;
/** Volume per tick: the liquidity guard sees a deep market and does not resize. */
const TICK_SIZE = 1_000_000;

/** How each kind of market data is driven: the strategy's timeframe, and the time between two rounds over the instruments. */
const DRIVES = {
  ticks: { timeframe: '1s', roundMs: 1_000 },
  bars: { timeframe: '1m', roundMs: 60_000 },
} as const satisfies Record<string, { readonly timeframe: Timeframe; readonly roundMs: number }>;

/** One throwaway graph and what it counts. */
interface ShadowGraph {
  readonly node: TradingNode;
  readonly clock: Clock;
  readonly store: EventStore;
  readonly counts: { orders: number; fills: number; failures: number };
}

/**
 * Two throwaway graphs of the order path, built by the same `createNode` as the live node — each with its own bus,
 * event log, broker, clock, ids, calendar, risk state and portfolio; nothing they make reaches the live node — and
 * a cursor over synthetic market data that makes an order (an entry or an exit, long or short, then its fill)
 * at nearly every step.
 *
 * What V8 optimizes is specialised to what it saw: an object of a class it never met there, or another instance
 * of a per-instance closure (the bus handlers), throws the optimized code away at the live node's first order.
 * So the graphs use the live node's kinds of clock, broker and store, and there are two of them, driven in
 * turn, so every per-instance call site has seen more than one instance before it is optimized.
 */
export class OrderPathWarmer {
  private readonly graphs: readonly ShadowGraph[];
  private readonly traded: readonly Instrument[];
  private readonly ids: readonly string[];
  private readonly bars: boolean;
  private readonly roundMs: number;
  private readonly spacingMs: number;
  private k = 0;
  private roundStartMs: number;
  private offsetTicks = 0;

  constructor(options: OrderPathWarmerOptions) {
    this.traded = options.instruments.all().slice(0, MAX_INSTRUMENTS);
    this.ids = this.traded.map((i) => i.id);
    this.bars = options.marketData === 'bars';
    const { timeframe, roundMs } = DRIVES[options.marketData ?? 'ticks'];
    this.roundMs = roundMs;
    this.spacingMs = this.bars ? 0 : Math.floor(roundMs / Math.max(1, this.ids.length)); // a bar round: every instrument's bar of one minute
    // Strategy ids as a live node has them: read from a file or built at run time (not literals V8 interned), and one
    // that is a literal, so code comparing ids has seen both kinds of string.
    this.graphs = [
      shadowGraph(options, this.traded, options.createStore?.() ?? new MemoryEventStore(), ['order', 'path', 'warm', 'up'].join('-'), timeframe),
      shadowGraph(options, this.traded, new MemoryEventStore(), 'order-path-warm-up', timeframe),
    ];
    this.roundStartMs = Math.max(...this.graphs.map((g) => g.clock.nowMs()));
  }

  /** Whether there is anything to trade. */
  get trading(): boolean {
    return this.traded.length > 0;
  }

  get orders(): number {
    return this.total('orders');
  }

  get fills(): number {
    return this.total('fills');
  }

  get failures(): number {
    return this.total('failures');
  }

  /** The next instrument's tick (or bar) in both graphs: with a working path, an order in each. */
  step(): void {
    const k = this.k;
    if (k === 0) {
      this.roundStartMs = this.roundStartMs - (this.roundStartMs % this.roundMs) + this.roundMs; // each instrument's next tick (or bar) closes its bar
      this.offsetTicks = 1 - this.offsetTicks;
    }
    const tsMs = this.roundStartMs + k * this.spacingMs;
    const id = this.ids[k]!;
    const price = priceAt(this.traded[k]!, BASE_TICKS + this.offsetTicks);
    if (this.bars) {
      for (const graph of this.graphs) bar(graph, id, tsMs, price, this.roundMs);
    } else {
      for (const graph of this.graphs) tick(graph, id, tsMs, price);
      // Every other round the instrument ticks again at once, filling its order before the next one is decided:
      // decisions then meet both states a live node meets, other orders working or none.
      if (this.offsetTicks === 1) for (const graph of this.graphs) tick(graph, id, tsMs + 1, price);
    }
    this.k = (k + 1) % this.ids.length;
  }

  async close(): Promise<void> {
    for (const graph of this.graphs) await graph.store.close();
  }

  private total(key: 'orders' | 'fills' | 'failures'): number {
    let sum = 0;
    for (const graph of this.graphs) sum += graph.counts[key];
    return sum;
  }
}

function tick(graph: ShadowGraph, instrumentId: string, tsMs: number, price: number): void {
  if (graph.clock instanceof SimulatedClock) graph.clock.advanceTo(tsMs);
  graph.node.onTick({ instrumentId, ts: tsMs, price, size: TICK_SIZE });
}

/** A one-minute bar of the instrument at `price`, the clock at its close (as a bar replay moves it). */
function bar(graph: ShadowGraph, instrumentId: string, tsMs: number, price: number, roundMs: number): void {
  if (graph.clock instanceof SimulatedClock) graph.clock.advanceTo(tsMs + roundMs - 1);
  graph.node.onBar({ instrumentId, timeframe: '1m', ts: tsMs, open: price, high: price, low: price, close: price, volume: TICK_SIZE });
}

function shadowGraph(options: OrderPathWarmerOptions, traded: readonly Instrument[], store: EventStore, strategyId: string, timeframe: Timeframe): ShadowGraph {
  const instruments = createInstrumentProvider(traded);
  const live = options.clock;
  const clock = live instanceof SimulatedClock ? new SimulatedClock(live.nowMs()) : new RealClock();
  const calendar = calendarOpenAt(options.holidays ?? {}, traded, clock.nowMs());
  const broker = options.createBroker({ clock, instruments, sessionCloseOf: sessionCloseOf(calendar, instruments) });
  const counts = { orders: 0, fills: 0, failures: 0 };
  const node = createNode(
    {
      clock, ids: createIdSource(clock, 1), logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar,
      onHandlerError: () => counts.failures++,
    },
    shadowConfig(options.config),
  );
  node.bus.subscribe('OrderSubmitted', () => counts.orders++);
  node.bus.subscribe('OrderFilled', () => counts.fills++);
  node.strategies.add(strategyId, cyclingStrategy(traded.map((i) => i.id), timeframe));
  return { node, clock, store, counts };
}

/** The live configuration without anything that carries state (the risk fold rebuilt from the live log). */
function shadowConfig(config: NodeConfig): NodeConfig {
  return {
    accountId: config.accountId,
    currency: config.currency,
    startingCashMinor: config.startingCashMinor,
    sizing: config.sizing,
    pyramiding: config.pyramiding,
    timeInForce: config.timeInForce,
    risk: warmUpRiskConfig(config.risk),
    ...(config.onBrokerSessionExpired !== undefined ? { onBrokerSessionExpired: config.onBrokerSessionExpired } : {}),
  };
}

/**
 * The graph's calendar: the configured hours, or — when an exchange traded is closed at `nowMs` (a node started
 * before the open) — that exchange open all day, so the warm-up's orders pass the trading-hours rule and reach
 * the rest of the path.
 */
function calendarOpenAt(holidays: Readonly<Record<string, readonly string[]>>, traded: readonly Instrument[], nowMs: number): ExchangeCalendar {
  const configured = new ExchangeCalendar({ holidays });
  const closed = [...new Set(traded.map((i) => i.exchange))].filter((exchange) => !configured.isOpen(exchange, nowMs));
  if (closed.length === 0) return configured;
  return new ExchangeCalendar({ holidays, exchanges: Object.fromEntries(closed.map((exchange) => [exchange, BUILT_IN_EXCHANGES.SIM!])) });
}

/** `ticks` ticks of the instrument's grid, as a price (exact on the grid). */
function priceAt(instrument: Instrument, ticks: number): number {
  return Number((ticks * instrument.tickSize).toFixed(instrument.pricePrecision));
}
