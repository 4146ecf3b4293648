import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import {
  createApprovalAuthority,
  createIdSource,
  createInstrument,
  silentLogger,
  SimulatedClock,
  type AccountSnapshot,
  type InstrumentProvider,
  type Order,
  type OrderView,
  type PortfolioView,
  type PositionSnapshot,
  type SessionCalendar,
  type TradeIntent,
} from '../core/index.js';
import { parseRiskConfig, RiskEngine } from '../risk/index.js';
import { percentile, type BenchResult } from './types.js';

const WARMUP = 20_000;
const EVALUATIONS = 100_000;
const START_MS = Date.UTC(2024, 2, 5, 15, 0);
/** Intents 61 s apart, so the duplicate-signal rule passes each one and every rule runs its full check. */
const STEP_MS = 61_000;

/**
 * Risk latency: `RiskEngine.evaluate` of one approvable LIMIT intent with every rule on (trading state, min
 * confidence, trading hours, order rate, duplicate, orders per day and per instrument, price deviation,
 * LiquidityGuard over 20 bars of volume, order quantity and notional, open books, position % of equity, gross
 * and net exposure with open orders, daily loss, drawdown) plus the equity sample the engine takes per intent,
 * the approval, both envelopes and the send to execution. Each intent is a fresh id at a later clock time (an
 * approval, not a recalled decision); the portfolio holds two books and one open order in the instrument, so
 * the rules loop over them.
 */
export async function runRiskBenchmarks(): Promise<BenchResult[]> {
  const { engine, intents, clock } = setUp(WARMUP + EVALUATIONS);
  for (let i = 0; i < WARMUP; i++) {
    clock.advanceTo(intents[i]!.ts);
    engine.evaluate(intents[i]!);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const samplesNs = new Float64Array(EVALUATIONS);
  let approved = 0;
  for (let i = 0; i < EVALUATIONS; i++) {
    const intent = intents[WARMUP + i]!;
    clock.advanceTo(intent.ts);
    const startMs = performance.now();
    const decision = engine.evaluate(intent);
    samplesNs[i] = (performance.now() - startMs) * 1e6;
    if (decision.approved) approved++;
  }
  if (approved !== EVALUATIONS) throw new Error(`risk bench: only ${approved} of ${EVALUATIONS} intents were approved; the bench must measure the full path`);
  return [
    { name: 'risk: evaluate, all rules on (median)', value: percentile(samplesNs, 50), unit: 'ns', floor: 5_000, better: 'lower', note: `${EVALUATIONS.toLocaleString('en-US')} evaluations` },
    { name: 'risk: evaluate, all rules on (p99)', value: percentile(samplesNs, 99), unit: 'ns' },
  ];
}

function setUp(count: number): { engine: RiskEngine; intents: TradeIntent[]; clock: SimulatedClock } {
  const clock = new SimulatedClock(START_MS);
  const bus = new InProcessMessageBus();
  bus.register(ENDPOINTS.executionExecute, () => undefined);
  const orcl = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ' });
  const book = (strategyId: string, quantity: number): PositionSnapshot => ({
    accountId: 'acc-1', strategyId, instrumentId: orcl.id, currency: 'USD', quantity, avgPrice: 100, costMinor: quantity * 10_000,
    realizedMinor: 0, commissionMinor: 0, openedTs: START_MS,
  });
  const books = [book('sma', 50), book('*', 50)];
  const account: AccountSnapshot = { accountId: 'acc-1', currency: 'USD', cashMinor: 100_000_000, realizedMinor: 0, commissionMinor: 0 };
  const portfolio: PortfolioView = {
    position: (_accountId, _instrumentId, strategyId) => (strategyId === undefined ? books[1] : books[0]),
    positions: () => books,
    account: () => account,
    equityMinor: () => 100_000_000,
    lastPrice: () => 100,
  };
  const openOrder: Order = {
    clientOrderId: 'o-1', intentId: 'i-0', accountId: 'acc-1', strategyId: 'sma', instrumentId: orcl.id, side: 'BUY', type: 'LIMIT',
    quantity: 20, limitPrice: 99.5, timeInForce: 'DAY', status: 'ACCEPTED', filledQuantity: 0, avgFillPrice: 0, correlationId: 'c-0',
    reduceOnly: false, createdTs: START_MS, updatedTs: START_MS,
  };
  const openOrders = [openOrder];
  const orders: OrderView = { get: () => openOrder, openOrders: () => openOrders };
  const instruments: InstrumentProvider = { get: (id) => (id === orcl.id ? orcl : undefined), all: () => [orcl] };
  const calendar: SessionCalendar = { isOpen: () => true };
  const authority = createApprovalAuthority();
  const engine = new RiskEngine({
    bus, clock, ids: createIdSource(clock, 11), logger: silentLogger, approve: authority.approve, portfolio, orders, instruments, calendar,
    config: parseRiskConfig({ rules: { maxOrdersPerDay: { limit: 1_000_000 }, maxOrdersPerInstrumentPerDay: { limit: 1_000_000 } } }),
    accountIds: ['acc-1'],
  });
  engine.start();
  for (let i = 0; i < 20; i++) {
    bus.publish(TOPICS.bar, { instrumentId: orcl.id, timeframe: '1m', ts: START_MS - (20 - i) * 60_000, open: 100, high: 100.5, low: 99.5, close: 100, volume: 50_000 });
  }
  const intents: TradeIntent[] = [];
  for (let i = 0; i < count; i++) {
    intents.push({
      intentId: `intent-${i}`, signalId: `signal-${i}`, accountId: 'acc-1', strategyId: 'sma', instrumentId: orcl.id, action: 'BUY',
      side: 'BUY', quantity: 10, orderType: 'LIMIT', limitPrice: 100.05, timeInForce: 'DAY', reduceOnly: false, confidence: 0.8, timeframe: '1m',
      ts: START_MS + i * STEP_MS, correlationId: `corr-${i}`, reason: 'bench',
    });
  }
  return { engine, intents, clock };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await runRiskBenchmarks()) console.log(`${result.name}: ${result.value.toFixed(0)} ${result.unit}`);
}
