import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryEventStore, PaperBroker, parsePaperBrokerConfig } from '../../adapters/index.js';
import { createHttpServer, type HttpServer } from '../../api/index.js';
import { InProcessMessageBus } from '../../bus/index.js';
import { SimulatedClock, barAt, createIdSource, createInstrumentProvider, minorToAmount, silentLogger, timeframeMs, type AnyEvent } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { OrderRegistry } from '../../execution/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { defaultRiskConfig } from '../../risk/index.js';
import { createDefaultStrategyRegistry } from '../../strategy/index.js';
import { syntheticSeries } from '../backtest/loadSeries.js';
import { createNode, type TradingNode } from '../createNode.js';
import { createMetrics, type NodeMetrics } from './index.js';

const ACCOUNT = 'paper';
const BARS = 3_000;
const { series, instrument } = syntheticSeries({ exchange: 'SIM', currency: 'USD', lotSize: 1, bars: BARS, timeframe: '1m', seed: 3, startMs: Date.UTC(2024, 0, 2) });

/** A paper node trading SMA(5,20) on synthetic bars, the feed going through the metrics tap; HALTED for the last quarter. */
function runNode(): { node: TradingNode; metrics: NodeMetrics; store: MemoryEventStore } {
  const clock = new SimulatedClock(series.ts[0]!);
  const instruments = createInstrumentProvider([instrument]);
  const store = new MemoryEventStore();
  const broker = new PaperBroker({ clock, instruments, config: parsePaperBrokerConfig({ fillModel: 'next-open', commission: { perOrderMinor: 100 } }) });
  const node = createNode(
    { clock, ids: createIdSource(clock, 7), logger: silentLogger, broker, simulatedMarket: broker, store, instruments, calendar: new ExchangeCalendar({ holidays: {} }) },
    { accountId: ACCOUNT, currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 10 }, pyramiding: false, timeInForce: 'GTC', risk: defaultRiskConfig() },
  );
  node.strategies.add('sma', createDefaultStrategyRegistry().create('sma-crossover', { fast: 5, slow: 20 }, { instrumentIds: [instrument.id], timeframe: '1m', pricePrecision: instrument.pricePrecision }));
  const metrics = createMetrics({ bus: node.bus, clock, orders: node.orders, portfolio: node.portfolio, accountIds: [ACCOUNT], tradingState: node.risk.tradingStatus.state });
  const sink = metrics.tap(node);
  const barMs = timeframeMs(series.timeframe);
  for (let i = 0; i < BARS; i++) {
    const bar = barAt(series, i);
    clock.advanceTo(bar.ts + barMs - 1);
    if (i === (BARS * 3) / 4) node.risk.setTradingState('HALTED', 'operator', 'metrics test');
    sink.onBar(bar);
  }
  return { node, metrics, store };
}

/** The value of one sample line (`name{labels} value`) of the exposition. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  assert.ok(line !== undefined, `no sample ${series} in the exposition`);
  return Number(line.slice(series.length + 1));
}

describe('node metrics', () => {
  let run: ReturnType<typeof runNode>;
  let events: AnyEvent[];
  let server: HttpServer;
  let text: string;

  before(async () => {
    run = runNode();
    events = run.store.all().map((s) => s.event);
    server = createHttpServer({ logger: silentLogger, port: 0, health: () => [], metrics: run.metrics.registry });
    const { url } = await server.start();
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    text = await response.text();
  });
  after(async () => {
    run.metrics.stop();
    await server.close();
  });

  it('serves every node metric and the default process metrics over GET /metrics', () => {
    const names = [
      'fortress_event_lag_seconds', 'fortress_market_data_lag_seconds', 'fortress_tick_to_order_seconds', 'fortress_orders', 'fortress_risk_rejections_total',
      'fortress_fills_total', 'fortress_pnl', 'fortress_commissions', 'fortress_equity', 'fortress_trading_state', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds',
    ];
    for (const name of names) assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    assert.match(text, /^# TYPE fortress_tick_to_order_seconds histogram$/m);
  });

  it('times each order a strategy signal caused, from the bar arriving to OrderSubmitted', () => {
    const submitted = events.filter((e) => e.type === 'OrderSubmitted').length;
    assert.ok(submitted > 20, `expected a busy run, got ${submitted} orders`);
    assert.equal(sample(text, 'fortress_tick_to_order_seconds_count'), submitted);
    const sumS = sample(text, 'fortress_tick_to_order_seconds_sum');
    assert.ok(sumS > 0 && sumS / submitted < 0.05, `mean tick-to-order ${sumS / submitted} s`);
    assert.equal(sample(text, 'fortress_tick_to_order_seconds_bucket{le="+Inf"}'), submitted);
  });

  it('counts fills by instrument and orders by state', () => {
    const fills = events.filter((e) => e.type === 'OrderFilled');
    assert.equal(sample(text, `fortress_fills_total{instrument="${instrument.id}"}`), fills.length);
    const filledOrders = fills.filter((e) => e.type === 'OrderFilled' && e.payload.leavesQuantity === 0).length;
    assert.equal(sample(text, 'fortress_orders{state="FILLED"}'), filledOrders);
    const open = run.node.orders.openOrders();
    assert.equal(sample(text, 'fortress_orders{state="ACCEPTED"}') + sample(text, 'fortress_orders{state="SUBMITTED"}'), open.length);
    assert.equal(sample(text, 'fortress_orders{state="CANCELED"}'), 0);
  });

  it('counts risk rejections by rule and shows the trading state', () => {
    const rejected = events.filter((e) => e.type === 'RiskRejected' && e.payload.rule === 'trading-state').length;
    assert.ok(rejected > 0, 'signals after the halt are rejected');
    assert.equal(sample(text, 'fortress_risk_rejections_total{rule="trading-state"}'), rejected);
    assert.equal(sample(text, 'fortress_trading_state'), 2);
  });

  it('reports P&L and equity per account in currency units, as the portfolio has them', () => {
    const account = run.node.portfolio.account(ACCOUNT)!;
    const labels = `account="${ACCOUNT}",currency="USD"`;
    assert.equal(sample(text, `fortress_pnl{${labels},kind="realized"}`), minorToAmount(account.realizedMinor, 2));
    assert.equal(sample(text, `fortress_pnl{${labels},kind="unrealized"}`), minorToAmount(run.node.portfolio.unrealizedMinor(ACCOUNT), 2));
    assert.equal(sample(text, `fortress_commissions{${labels}}`), minorToAmount(account.commissionMinor, 2));
    assert.equal(sample(text, `fortress_equity{${labels}}`), minorToAmount(run.node.portfolio.equityMinor(ACCOUNT), 2));
    assert.notEqual(account.realizedMinor, 0);
  });

  it('reports the event lag against the node clock', () => {
    assert.equal(sample(text, 'fortress_event_lag_seconds{stat="last"}'), 0, 'a simulated clock does not move while events are handled');
    assert.equal(sample(text, 'fortress_market_data_lag_seconds{stat="max"}'), 0);
  });

  it('rebuilds closed-order counts from the log after a restart', async () => {
    const clock = new SimulatedClock(0);
    const bus = new InProcessMessageBus();
    const portfolio = new Portfolio({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments: createInstrumentProvider([instrument]), accounts: [] });
    const restarted = createMetrics({ bus, clock, orders: new OrderRegistry(), portfolio, accountIds: [], processMetrics: false });
    for (const event of events) restarted.replay(event);
    const replayed = await restarted.registry.metrics();
    assert.equal(sample(replayed, 'fortress_orders{state="FILLED"}'), sample(text, 'fortress_orders{state="FILLED"}'));
    assert.equal(sample(replayed, 'fortress_tick_to_order_seconds_count'), 0, 'latency is not made up from the log');
    restarted.stop();
  });
});
