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

export interface OrderPathWarmUpOptions {
  /** The live node's configuration: the throwaway graphs are built from it (each with its own state). */
  readonly config: NodeConfig;
  /** The live node's instruments (immutable values; each graph gets its own provider over them). */
  readonly instruments: InstrumentProvider;
  /** The live node's clock: only its kind is used (a simulated one gets a simulated clock of its own, else the wall clock). */
  readonly clock: Clock;
  /** A new simulated venue of the live node's broker class (e.g. `new PaperBroker(…)` with the live broker's settings). */
  readonly createBroker: (ports: WarmUpBrokerPorts) => Broker & MarketDataSink;
  /** A new, empty, throwaway event store of the live node's kind, or in memory (the default); closed at the end. */
  readonly createStore?: () => EventStore;
  /**
   * What the live node's broker fills on: `ticks` (a tick feed, fill model `tick`) or `bars` (a bar replay, fill
   * models `next-open` and `close`). The graphs get that kind of market data (default ticks).
   */
  readonly marketData?: 'ticks' | 'bars';
  /** Exchange holidays of the risk configuration (each graph has its own calendar). */
  readonly holidays?: Readonly<Record<string, readonly string[]>>;
  /** Orders to drive through (default 2,000). */
  readonly orders?: number;
  /** Longest run between two turns of the event loop (default 5 ms). */
  readonly sliceMs?: number;
  /** Stops the warm-up at its next slice (the node stopping). */
  readonly signal?: AbortSignal;
}

export interface OrderPathWarmUp {
  /** Orders that reached the throwaway graphs' brokers, and fills they reported. */
  readonly orders: number;
  readonly fills: number;
  /** Handler failures inside the throwaway graphs (0 unless the order path has a bug). */
  readonly failures: number;
  /** Wall time from start to end, and the longest run between two turns of the event loop. */
  readonly elapsedMs: number;
  readonly longestSliceMs: number;
  /** False when stopped early, or when the path made too few orders (every intent rejected by the risk rules). */
  readonly completed: boolean;
}

const DEFAULT_ORDERS = 2_000;
const DEFAULT_SLICE_MS = 5;
/** Instruments the warm-up trades (the first ones configured): enough for every per-instrument code path. */
const MAX_INSTRUMENTS = 20;
/** Rounds of ticks allowed per order wanted before the warm-up gives up (a working path needs about one). */
const TICKS_PER_ORDER_BUDGET = 4;
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
 * Order-path warm-up, the standard practice of latency-sensitive systems. V8 optimizes a function only after it
 * has run often, and a node placing a couple of orders a second would run its order path in the interpreter for
 * hours. This drives a few thousand synthetic orders (entries and exits, long and short, each filled) through
 * throwaway graphs built by the same `createNode` — each with its own bus, event log, broker, clock, ids,
 * calendar, risk state and portfolio; nothing they make reaches the live node — so the engines' methods, whose
 * code and type feedback every instance of their class shares, are optimized before real orders need them.
 *
 * What V8 optimizes is specialised to what it saw: an object of a class it never met there, or another instance
 * of a per-instance closure (the bus handlers), throws the optimized code away at the live node's first order.
 * So the graphs use the live node's kinds of clock, broker and store, and there are two of them, driven in
 * turn, so every per-instance call site has seen more than one instance before it is optimized.
 *
 * Runs in slices of at most `sliceMs` between turns of the event loop, so a node can start it when it is ready.
 */
export async function warmOrderPath(options: OrderPathWarmUpOptions): Promise<OrderPathWarmUp> {
  const startedMs = performance.now();
  const target = options.orders ?? DEFAULT_ORDERS;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const traded = options.instruments.all().slice(0, MAX_INSTRUMENTS);
  const bars = options.marketData === 'bars';
  const { timeframe, roundMs } = DRIVES[options.marketData ?? 'ticks'];
  // Strategy ids as a live node has them: read from a file or built at run time (not literals V8 interned), and one
  // that is a literal, so code comparing ids has seen both kinds of string.
  const graphs = [
    shadowGraph(options, traded, options.createStore?.() ?? new MemoryEventStore(), ['order', 'path', 'warm', 'up'].join('-'), timeframe),
    shadowGraph(options, traded, new MemoryEventStore(), 'order-path-warm-up', timeframe),
  ];
  const total = (key: 'orders' | 'fills' | 'failures'): number => graphs.reduce((sum, g) => sum + g.counts[key], 0);
  const ids = traded.map((i) => i.id);
  const spacingMs = bars ? 0 : Math.floor(roundMs / Math.max(1, ids.length)); // a bar round: every instrument's bar of one minute
  let longestSliceMs = 0;
  let completed = true;
  let k = 0;
  let roundStartMs = Math.max(...graphs.map((g) => g.clock.nowMs()));
  let offsetTicks = 0;
  // Each round makes an order per instrument when the path works; a path that makes none (every intent rejected by
  // the configured risk rules) ends the warm-up after this many ticks rather than spinning on.
  let ticksLeft = TICKS_PER_ORDER_BUDGET * target;
  try {
    while (total('orders') < target && traded.length > 0 && ticksLeft > 0) {
      const sliceStartMs = performance.now();
      do {
        if (k === 0) {
          roundStartMs = roundStartMs - (roundStartMs % roundMs) + roundMs; // each instrument's next tick (or bar) closes its bar
          offsetTicks = 1 - offsetTicks;
        }
        const tsMs = roundStartMs + k * spacingMs;
        const price = priceAt(traded[k]!, BASE_TICKS + offsetTicks);
        if (bars) {
          for (const graph of graphs) bar(graph, ids[k]!, tsMs, price, roundMs);
        } else {
          for (const graph of graphs) tick(graph, ids[k]!, tsMs, price);
          // Every other round the instrument ticks again at once, filling its order before the next one is decided:
          // decisions then meet both states a live node meets, other orders working or none.
          if (offsetTicks === 1) for (const graph of graphs) tick(graph, ids[k]!, tsMs + 1, price);
        }
        k = (k + 1) % traded.length;
        ticksLeft--;
      } while (total('orders') < target && ticksLeft > 0 && performance.now() - sliceStartMs < sliceMs);
      longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStartMs);
      if (total('orders') >= target) break;
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted === true) {
        completed = false;
        break;
      }
    }
  } finally {
    for (const graph of graphs) await graph.store.close();
  }
  if (total('orders') < target) completed = false;
  return { orders: total('orders'), fills: total('fills'), failures: total('failures'), elapsedMs: performance.now() - startedMs, longestSliceMs, completed };
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

function shadowGraph(options: OrderPathWarmUpOptions, traded: readonly Instrument[], store: EventStore, strategyId: string, timeframe: Timeframe): ShadowGraph {
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
