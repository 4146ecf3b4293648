import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEventFactory,
  createIdSource,
  createInstrument,
  createRandom,
  mulDivRound,
  notionalMinor,
  SimulatedClock,
  type AnyEvent,
  type BarSeries,
  type Instrument,
  type Timeframe,
} from '../core/index.js';
import { makeTempDir, sharedDataFile, skipUnlessSharedData } from '../testing/index.js';
import {
  computeStatistics,
  countBarsInMarket,
  drawdownSeries,
  EquityRecorder,
  renderReport,
  TradeJournal,
  withBarsHeld,
  type ReportData,
  type ReportInput,
} from './index.js';

const CHROMIUM = '/usr/bin/chromium';
const CHART_BUNDLE = new URL('../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js', import.meta.url);
const FAKE_LIBRARY = 'window.LightweightCharts = { fake: true };';

function randomWalkBars(count: number, timeframe: Timeframe, stepMs: number, seed: number): BarSeries {
  const random = createRandom(seed);
  const columns = { ts: new Float64Array(count), open: new Float64Array(count), high: new Float64Array(count), low: new Float64Array(count), close: new Float64Array(count), volume: new Float64Array(count) };
  let price = 100;
  const cents = (x: number): number => Math.round(x * 100) / 100;
  for (let i = 0; i < count; i++) {
    const open = cents(price);
    const close = cents(Math.max(1, open * (1 + 0.015 * random.normal() + 0.0004)));
    columns.ts[i] = Date.UTC(2020, 0, 1) + i * stepMs;
    columns.open[i] = open;
    columns.close[i] = close;
    columns.high[i] = cents(Math.max(open, close) * (1 + 0.006 * random.next()));
    columns.low[i] = cents(Math.min(open, close) * (1 - 0.006 * random.next()));
    columns.volume[i] = 1_000 + random.int(1_000);
    price = close;
  }
  return { instrumentId: 'SYN.TEST', timeframe, length: count, ...columns };
}

interface Run {
  readonly input: ReportInput;
  readonly journal: TradeJournal;
}

/**
 * A small always-in-the-market SMA crossover (fills at the next bar's open, 5 bps commission), enough to
 * produce real OrderFilled events, an equity curve, statistics and a report.
 */
function runCrossover(bars: BarSeries, instrument: Instrument, fast: number, slow: number, chartLibrarySource: string): Run {
  const clock = new SimulatedClock(0);
  const events = createEventFactory('execution', clock, createIdSource(clock, 42));
  const journal = new TradeJournal({ get: (id) => (id === instrument.id ? instrument : undefined), all: () => [instrument] });
  const recorder = new EquityRecorder(bars.length);
  const startingCashMinor = 10_000_000;
  const size = 100;
  const money = (price: number, quantity: number): number => notionalMinor(price, quantity, instrument.pricePrecision, instrument.quantityPrecision, 2);
  let cashMinor = startingCashMinor;
  let position = 0;
  let wanted = 0;
  let commissionMinor = 0;
  let fastSum = 0;
  let slowSum = 0;
  for (let i = 0; i < bars.length; i++) {
    const ts = bars.ts[i]!;
    clock.advanceTo(ts);
    if (wanted !== position) {
      const quantity = Math.abs(wanted - position);
      const price = bars.open[i]!;
      const notional = money(price, quantity);
      const commission = mulDivRound(notional, 5, 10_000);
      const side = wanted > position ? 'BUY' : 'SELL';
      cashMinor += (side === 'BUY' ? -notional : notional) - commission;
      commissionMinor += commission;
      position = wanted;
      const fill: AnyEvent = events.create('OrderFilled', {
        clientOrderId: `O-${i}`, fillId: `F-${i}`, accountId: 'paper', strategyId: 'sma', instrumentId: instrument.id, side,
        quantity, price, commissionMinor: commission, currency: 'USD', leavesQuantity: 0, fillTs: ts,
      }, { key: instrument.id });
      journal.apply(fill);
    }
    const close = bars.close[i]!;
    fastSum += close - (i >= fast ? bars.close[i - fast]! : 0);
    slowSum += close - (i >= slow ? bars.close[i - slow]! : 0);
    if (i + 1 >= slow) wanted = fastSum / fast > slowSum / slow ? size : -size;
    recorder.record(ts + 86_399_000, cashMinor + Math.sign(position) * money(close, Math.abs(position)));
  }
  const equity = recorder.curve();
  const trades = withBarsHeld(journal.closedTrades(), bars);
  const openTrades = journal.openTrades({ [instrument.id]: bars.close[bars.length - 1]! });
  const statistics = computeStatistics({
    equity, startingCashMinor, currency: 'USD', trades, commissionMinor,
    barsInMarket: countBarsInMarket(bars, trades, openTrades), totalBars: bars.length,
  });
  return {
    journal,
    input: {
      title: `SMA ${fast}/${slow} crossover`, instrumentId: instrument.id, currency: 'USD', bars, trades, openTrades, equity,
      drawdown: drawdownSeries(equity), statistics, parameters: { fast, slow, size, commissionBps: 5 }, chartLibrarySource,
    },
  };
}

const SYN = createInstrument({ symbol: 'SYN', exchange: 'TEST', tickSize: 0.01 });

function embedded(html: string): ReportData {
  const match = /<script type="application\/json" id="fortress-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page embeds its data block');
  return JSON.parse(match[1]!) as ReportData;
}

function tradeTableRows(html: string): string[] {
  const section = html.slice(html.indexOf('<h2>Trades</h2>'));
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(section)?.[1] ?? '';
  return body.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
}

describe('renderReport', () => {
  it('embeds the run as JSON that parses back to the same trades, statistics and bars', () => {
    const { input } = runCrossover(randomWalkBars(120, '1d', 86_400_000, 3), SYN, 5, 20, FAKE_LIBRARY);
    assert.ok(input.trades.length >= 3, 'the sample run trades');
    const html = renderReport(input);
    const data = embedded(html);
    assert.deepEqual(data.trades, input.trades);
    assert.deepEqual(data.openTrades, input.openTrades);
    assert.deepEqual(data.statistics, input.statistics);
    assert.deepEqual(data.parameters, input.parameters);
    assert.equal(data.price.kind, 'candles');
    assert.deepEqual(data.price.time, Array.from(input.bars.ts, (ms) => ms / 1000));
    assert.deepEqual(data.price.close, Array.from(input.bars.close));
    assert.equal(data.equity.value.at(-1), input.statistics.finalEquity);
    assert.equal(Math.min(...data.drawdown.value), -input.statistics.maxDrawdown * 100);
    assert.equal(data.markers.length, 2 * input.trades.length + (input.openTrades?.length ?? 0));
    assert.ok(data.markers.every((m, i) => i === 0 || m.time >= data.markers[i - 1]!.time), 'markers are in time order');
  });

  it('inlines the chart library and writes a coloured row per trade and the statistics table', () => {
    const { input } = runCrossover(randomWalkBars(120, '1d', 86_400_000, 3), SYN, 5, 20, FAKE_LIBRARY);
    const html = renderReport(input);
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes(`<script>${FAKE_LIBRARY}</script>`));
    assert.ok(!/<(link|img)\b|src=|https?:\/\//i.test(html.replace(FAKE_LIBRARY, '')), 'nothing is fetched from the network');
    const rows = tradeTableRows(html);
    assert.equal(rows.length, input.trades.length);
    const first = input.trades[0]!;
    assert.ok(rows[0]!.includes(`>${first.side}<`));
    assert.ok(rows[0]!.includes(first.pnlMinor > 0 ? 'class="win"' : first.pnlMinor < 0 ? 'class="loss"' : 'class=""'));
    assert.ok(rows[0]!.includes(new Date(first.entryTime).toISOString().slice(0, 10)));
    assert.ok(html.includes('<th>Max drawdown</th>'));
    assert.ok(html.includes(`${(input.statistics.winRate * 100).toFixed(2)} %`));
  });

  it('escapes the title and parameters in the page and in the data block', () => {
    const { input } = runCrossover(randomWalkBars(60, '1d', 86_400_000, 5), SYN, 3, 10, FAKE_LIBRARY);
    const hostile = '</script><script>alert(1)</script><!--';
    const html = renderReport({ ...input, title: 'Fast & "Slow" <b>', parameters: { note: hostile } });
    assert.ok(html.includes('<h1>Fast &amp; &quot;Slow&quot; &lt;b&gt;</h1>'));
    assert.ok(!html.includes('<script>alert(1)'));
    assert.equal(html.match(/<\/script>/g)?.length, 3, 'only the page\'s own three scripts close');
    assert.equal(embedded(html).parameters.note, hostile);
  });

  it('draws more than 20,000 bars as a downsampled line, keeping markers on drawn points', () => {
    const bars = randomWalkBars(30_000, '1m', 60_000, 11);
    const { input } = runCrossover(bars, SYN, 50, 200, FAKE_LIBRARY);
    const data = embedded(renderReport(input));
    assert.equal(data.price.kind, 'line');
    assert.ok(data.price.time.length <= 4_002);
    assert.ok(data.equity.time.length <= 4_002);
    if (data.price.kind === 'line') assert.equal(data.price.barCount, 30_000);
    const drawn = new Set(data.price.time);
    assert.ok(data.markers.every((m) => drawn.has(m.time)));
    assert.equal(data.statistics.trades, input.trades.length, 'statistics still cover every bar');
    assert.ok(data.price.close.includes(Math.max(...bars.close)), 'the highest close survives downsampling');
  });

  it('renders a page chromium draws with the real chart bundle', () => {
    assert.ok(existsSync(CHROMIUM), `browser tests need Debian's chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
    const { input } = runCrossover(randomWalkBars(250, '1d', 86_400_000, 3), SYN, 10, 30, readFileSync(CHART_BUNDLE, 'utf8'));
    const dir = makeTempDir();
    const page = join(dir, 'report.html');
    writeFileSync(page, renderReport(input));
    const flags = [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--virtual-time-budget=3000', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
    ];
    const dom = execFileSync(CHROMIUM, [...flags, '--dump-dom', `file://${page}`], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    assert.ok(!dom.includes('class="unavailable"'), 'the library loaded');
    assert.ok((dom.match(/<canvas/g)?.length ?? 0) >= 6, 'three charts drew their canvases');
    const shot = join(dir, 'report.png');
    execFileSync(CHROMIUM, [...flags, '--window-size=1280,2200', `--screenshot=${shot}`, `file://${page}`], { stdio: 'ignore' });
    assert.ok(statSync(shot).size > 20_000, 'the screenshot has content');
  });

  it('reports a crossover on twenty years of ORCL daily bars', { skip: skipUnlessSharedData('orcl-1995-2014.txt') }, () => {
    const lines = readFileSync(sharedDataFile('orcl-1995-2014.txt'), 'utf8').trim().split('\n').slice(1);
    const rows = lines.map((line) => line.split(','));
    const column = (index: number): Float64Array => Float64Array.from(rows, (r) => Number(r[index]));
    const bars: BarSeries = {
      instrumentId: 'ORCL.NASDAQ', timeframe: '1d', length: rows.length,
      ts: Float64Array.from(rows, (r) => Date.parse(`${r[0]}T00:00:00Z`)),
      open: column(1), high: column(2), low: column(3), close: column(4), volume: column(6),
    };
    const orcl = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.000001 });
    const { input } = runCrossover(bars, orcl, 50, 200, FAKE_LIBRARY);
    const data = embedded(renderReport(input));
    assert.equal(data.price.kind, 'candles');
    assert.equal(data.price.time.length, 5_036);
    assert.equal(data.pricePrecision, 6);
    assert.ok(input.statistics.trades > 10);
    assert.equal(input.statistics.startTime, '1995-01-03T23:59:59.000Z');
    assert.deepEqual(data.trades, input.trades);
  });
});
