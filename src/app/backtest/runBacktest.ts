import {
  EquityRecorder,
  TradeJournal,
  computeStatistics,
  countBarsInMarket,
  withBarsHeld,
  type BacktestStatistics,
  type EquityCurve,
  type OpenTrade,
  type RoundTripTrade,
} from '../../backtest/index.js';
import { PaperBroker, parsePaperBrokerConfig, type PaperBrokerConfig } from '../../adapters/brokers/index.js';
import { MemoryEventStore } from '../../adapters/stores/index.js';
import {
  SimulatedClock,
  barAt,
  createIdSource,
  createInstrumentProvider,
  silentLogger,
  timeframeMs,
  type BarSeries,
  type EventStore,
  type Instrument,
  type Logger,
} from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { defaultRiskConfig, type RiskConfig } from '../../risk/index.js';
import { createDefaultStrategyRegistry } from '../../strategy/index.js';
import { createNode, type TradingNode } from '../createNode.js';
import { sessionCloseOf } from '../sessionClose.js';
import { RiskTally, type RiskSummary } from './RiskTally.js';

export interface BacktestOptions {
  readonly series: BarSeries;
  readonly instrument: Instrument;
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Quantity per entry. */
  readonly quantity: number;
  readonly startingCashMinor: number;
  readonly broker: PaperBrokerConfig;
  readonly risk?: RiskConfig;
  readonly seed?: number;
  readonly accountId?: string;
  /** Defaults to an in-memory log. */
  readonly store?: EventStore;
  readonly logger?: Logger;
  /** Called every `progressEvery` bars and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

export interface BacktestResult {
  readonly statistics: BacktestStatistics;
  readonly trades: readonly RoundTripTrade[];
  readonly openTrades: readonly OpenTrade[];
  readonly equity: EquityCurve;
  readonly risk: RiskSummary;
  readonly node: TradingNode;
  readonly store: EventStore;
}

export const BACKTEST_ACCOUNT = 'backtest';

/**
 * Replays a bar series through the same graph the live node runs, with a simulated clock. Each bar is
 * dispatched at its last millisecond (`ts + timeframe − 1`): its values are known, and it still belongs to
 * its own session day.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { series, instrument } = options;
  if (series.length === 0) throw new RangeError('the bar series is empty: nothing to backtest');
  const accountId = options.accountId ?? BACKTEST_ACCOUNT;
  const logger = options.logger ?? silentLogger;
  const clock = new SimulatedClock(series.ts[0]!);
  const ids = createIdSource(clock, options.seed ?? 1);
  const instruments = createInstrumentProvider([instrument]);
  const store = options.store ?? new MemoryEventStore();
  const calendar = new ExchangeCalendar({ holidays: options.risk?.holidays ?? {} });
  const broker = new PaperBroker({
    clock, instruments, config: parsePaperBrokerConfig(options.broker), seed: options.seed ?? 1, sessionCloseOf: sessionCloseOf(calendar, instruments),
  });
  const node = createNode(
    { clock, ids, logger, broker, simulatedMarket: broker, store, instruments, calendar },
    {
      accountId,
      currency: instrument.currency,
      startingCashMinor: options.startingCashMinor,
      sizing: { mode: 'fixed-quantity', quantity: options.quantity },
      pyramiding: false,
      timeInForce: 'GTC',
      risk: options.risk ?? defaultRiskConfig(),
    },
  );
  const strategy = createDefaultStrategyRegistry().create(options.strategy, options.params, {
    instrumentIds: [instrument.id],
    timeframe: series.timeframe,
    pricePrecision: instrument.pricePrecision,
  });
  node.strategies.add(options.strategy, strategy);
  const journal = new TradeJournal(instruments);
  node.bus.subscribe('OrderFilled', (event) => journal.apply(event));
  const tally = new RiskTally(node.bus);

  const equity = new EquityRecorder(series.length);
  const barMs = timeframeMs(series.timeframe);
  const every = options.progressEvery ?? Math.max(1, Math.floor(series.length / 100));
  for (let i = 0; i < series.length; i++) {
    const bar = barAt(series, i);
    clock.advanceTo(bar.ts + barMs - 1);
    node.onBar(bar);
    equity.record(bar.ts, node.portfolio.equityMinor(accountId));
    if (options.onProgress !== undefined && (i + 1) % every === 0) options.onProgress(i + 1, series.length);
  }
  node.data.flush();
  await store.flush();
  options.onProgress?.(series.length, series.length);

  const trades = withBarsHeld(journal.closedTrades(), series);
  const lastClose = series.close[series.length - 1]!;
  const openTrades = journal.openTrades(new Map([[instrument.id, lastClose]]));
  const curve = equity.curve();
  const statistics = computeStatistics({
    equity: curve,
    startingCashMinor: options.startingCashMinor,
    currency: instrument.currency,
    trades,
    commissionMinor: node.portfolio.account(accountId)?.commissionMinor ?? 0,
    barsInMarket: countBarsInMarket(series, trades, openTrades),
    totalBars: series.length,
  });
  return { statistics, trades, openTrades, equity: curve, risk: tally.summary(), node, store };
}
