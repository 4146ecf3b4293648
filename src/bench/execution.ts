import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PaperBroker } from '../adapters/brokers/index.js';
import { ENDPOINTS, InProcessMessageBus } from '../bus/index.js';
import { createApprovalAuthority, createIdSource, createInstrument, createInstrumentProvider, silentLogger, SimulatedClock } from '../core/index.js';
import type { ApprovedTrade, Instrument, TradeIntent } from '../core/index.js';
import { ExecutionEngine } from '../execution/index.js';
import { percentile, type BenchResult } from './types.js';

const WARMUP = 20_000;
const ORDERS = 100_000;
const SLICED_WARMUP = 2_000;
const SLICED_ORDERS = 10_000;
const START_MS = Date.UTC(2024, 2, 5, 15, 0);
const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ' });
const NIFTY = createInstrument({ symbol: 'NIFTY24MARFUT', exchange: 'NFO', tickSize: 0.05, lotSize: 25, freezeQuantity: 1800, currency: 'INR' });

/**
 * Execution latency: one approved trade sent to `ExecutionEngine.execute` on the bus until the paper broker
 * has accepted it: approval check, registry lookup, the trading gate, the Order, OrderSubmitted (built,
 * applied, emitted), the rate budget, the broker's validation and book entry, its synchronous `accepted`
 * report and OrderAccepted (built, applied, emitted). Limit orders away from the market, so they rest at the
 * broker as in a live session. Also, for scale, an order five times the freeze quantity: OrderSliced and
 * five slices submitted and accepted.
 */
export async function runExecutionBenchmarks(): Promise<BenchResult[]> {
  const plain = measure(ORCL, 100, WARMUP, ORDERS, 1);
  const sliced = measure(NIFTY, 9_000, SLICED_WARMUP, SLICED_ORDERS, 5);
  const note = `${ORDERS.toLocaleString('en-US')} orders, paper broker, registry holding ${(WARMUP + ORDERS).toLocaleString('en-US')} open orders`;
  const slicedNote = `${SLICED_ORDERS.toLocaleString('en-US')} orders of 9,000 (freeze quantity 1,800): 5 slices each`;
  return [
    { name: 'execution: approved trade → accepted at paper broker (median)', value: percentile(plain, 50), unit: 'µs', floor: 20, better: 'lower', note },
    { name: 'execution: approved trade → accepted at paper broker (p99)', value: percentile(plain, 99), unit: 'µs', floor: 100, better: 'lower', note },
    { name: 'execution: sliced trade → 5 slices accepted (median)', value: percentile(sliced, 50), unit: 'µs', note: slicedNote },
  ];
}

/** Latency samples (µs) of `count` trades after `warmup`, each on its own simulated instant so the rate budget never binds. */
function measure(instrument: Instrument, quantity: number, warmup: number, count: number, ordersEach: number): Float64Array {
  const { bus, clock, engine, trades } = setUp(instrument, quantity, warmup + count);
  const stepMs = ordersEach; // the paper broker allows 1,000 orders/s: one order per simulated millisecond
  for (let i = 0; i < warmup; i++) {
    clock.advanceTo(START_MS + i * stepMs);
    bus.send(ENDPOINTS.executionExecute, trades[i]!);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const samplesUs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const trade = trades[warmup + i]!;
    clock.advanceTo(START_MS + (warmup + i) * stepMs);
    const startMs = performance.now();
    bus.send(ENDPOINTS.executionExecute, trade);
    samplesUs[i] = (performance.now() - startMs) * 1e3;
  }
  const accepted = engine.registry.openBrokerOrders().filter((order) => order.status === 'ACCEPTED').length;
  if (accepted !== (warmup + count) * ordersEach) {
    throw new Error(`execution bench: ${accepted} of ${(warmup + count) * ordersEach} orders were accepted; the bench must measure the full path`);
  }
  return samplesUs;
}

function setUp(instrument: Instrument, quantity: number, count: number): { bus: InProcessMessageBus; clock: SimulatedClock; engine: ExecutionEngine; trades: ApprovedTrade[] } {
  const clock = new SimulatedClock(START_MS);
  const bus = new InProcessMessageBus();
  const instruments = createInstrumentProvider([instrument]);
  const authority = createApprovalAuthority();
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open', commission: { perUnit: 0.005 } } });
  const engine = new ExecutionEngine({
    bus, clock, ids: createIdSource(clock, 11), logger: silentLogger, broker, verify: authority.verify, verifyBasket: authority.verifyBasket, instruments,
  });
  engine.start();
  const trades: ApprovedTrade[] = [];
  for (let i = 0; i < count; i++) {
    const intent: TradeIntent = {
      intentId: `int-${i}`, signalId: `sig-${i}`, accountId: 'acc-1', strategyId: 'sma', instrumentId: instrument.id, action: 'BUY', side: 'BUY',
      quantity, orderType: 'LIMIT', limitPrice: 90 + (i % 100) / 20, timeInForce: 'GTC', reduceOnly: false, confidence: 1,
      timeframe: '1m', ts: START_MS, correlationId: `corr-${i}`, reason: 'bench',
    };
    trades.push(authority.approve(intent, intent.quantity, `dec-${i}`));
  }
  return { bus, clock, engine, trades };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await runExecutionBenchmarks()) console.log(JSON.stringify(result));
}
