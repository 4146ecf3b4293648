import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PaperBroker } from '../adapters/brokers/index.js';
import { ENDPOINTS, InProcessMessageBus } from '../bus/index.js';
import { createApprovalAuthority, createIdSource, createInstrument, silentLogger, SimulatedClock } from '../core/index.js';
import type { ApprovedTrade, InstrumentProvider, TradeIntent } from '../core/index.js';
import { ExecutionEngine } from '../execution/index.js';
import { percentile, type BenchResult } from './types.js';

const WARMUP = 20_000;
const ORDERS = 100_000;
const START_MS = Date.UTC(2024, 2, 5, 15, 0);

/**
 * Execution latency: one approved trade sent to `ExecutionEngine.execute` on the bus until the paper broker
 * has accepted it: approval check, registry lookup, the Order, OrderSubmitted (built, applied, emitted), the
 * broker's validation and book entry, its synchronous `accepted` report and OrderAccepted (built, applied,
 * emitted). Limit orders away from the market, so they rest at the broker as in a live session.
 */
export async function runExecutionBenchmarks(): Promise<BenchResult[]> {
  const { bus, engine, trades } = setUp(WARMUP + ORDERS);
  for (let i = 0; i < WARMUP; i++) bus.send(ENDPOINTS.executionExecute, trades[i]!);
  (globalThis as { gc?: () => void }).gc?.();
  const samplesUs = new Float64Array(ORDERS);
  for (let i = 0; i < ORDERS; i++) {
    const trade = trades[WARMUP + i]!;
    const startMs = performance.now();
    bus.send(ENDPOINTS.executionExecute, trade);
    samplesUs[i] = (performance.now() - startMs) * 1e3;
  }
  const accepted = engine.registry.byState('ACCEPTED').length;
  if (accepted !== WARMUP + ORDERS) {
    throw new Error(`execution bench: ${accepted} of ${WARMUP + ORDERS} orders were accepted; the bench must measure the full path`);
  }
  const note = `${ORDERS.toLocaleString('en-US')} orders, paper broker, registry holding ${(WARMUP + ORDERS).toLocaleString('en-US')} open orders`;
  return [
    { name: 'execution: approved trade → accepted at paper broker (median)', value: percentile(samplesUs, 50), unit: 'µs', floor: 20, better: 'lower', note },
    { name: 'execution: approved trade → accepted at paper broker (p99)', value: percentile(samplesUs, 99), unit: 'µs', floor: 100, better: 'lower', note },
  ];
}

function setUp(count: number): { bus: InProcessMessageBus; engine: ExecutionEngine; trades: ApprovedTrade[] } {
  const clock = new SimulatedClock(START_MS);
  const bus = new InProcessMessageBus();
  const orcl = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ' });
  const instruments: InstrumentProvider = { get: (id) => (id === orcl.id ? orcl : undefined), all: () => [orcl] };
  const authority = createApprovalAuthority();
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open', commission: { perUnit: 0.005 } } });
  const engine = new ExecutionEngine({ bus, clock, ids: createIdSource(clock, 11), logger: silentLogger, broker, verify: authority.verify, instruments });
  engine.start();
  const trades: ApprovedTrade[] = [];
  for (let i = 0; i < count; i++) {
    const intent: TradeIntent = {
      intentId: `int-${i}`, signalId: `sig-${i}`, accountId: 'acc-1', strategyId: 'sma', instrumentId: orcl.id, action: 'BUY', side: 'BUY',
      quantity: 100, orderType: 'LIMIT', limitPrice: 90 + (i % 100) / 100, timeInForce: 'GTC', reduceOnly: false, confidence: 1,
      timeframe: '1m', ts: START_MS, correlationId: `corr-${i}`, reason: 'bench',
    };
    trades.push(authority.approve(intent, intent.quantity, `dec-${i}`));
  }
  return { bus, engine, trades };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await runExecutionBenchmarks()) console.log(JSON.stringify(result));
}
