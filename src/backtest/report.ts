import { DAY_MS } from './dailyReturns.js';
import { buildReportData, type ReportData, type ReportInput } from './reportData.js';
import { escapeHtml, formatDuration, formatMoney, formatPercent, formatPrice, formatQuantity, formatRatio, formatTime } from './reportFormat.js';
import { REPORT_SCRIPT } from './reportScript.js';
import { REPORT_STYLE } from './reportStyle.js';
import type { OpenTrade, RoundTripTrade } from './roundTrip.js';
import type { BacktestStatistics } from './statistics.js';

export type { ReportInput } from './reportData.js';

/** Trade rows written into the page; every trade is in the embedded JSON regardless. */
const MAX_TRADE_ROWS = 5_000;

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--` (every `<` becomes \u003c). */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function row(label: string, value: string, cls = ''): string {
  return `<tr><th>${escapeHtml(label)}</th><td${cls ? ` class="${cls}"` : ''}>${escapeHtml(value)}</td></tr>`;
}

function pnlClass(value: number): string {
  return value > 0 ? 'win' : value < 0 ? 'loss' : '';
}

function statisticsTables(s: BacktestStatistics, dateOnly: boolean): string {
  const money = (amount: number): string => formatMoney(amount, s.currency);
  const time = (iso: string | null): string => (iso === null ? '—' : formatTime(Date.parse(iso), dateOnly));
  const performance = [
    row('Period', `${time(s.startTime)} → ${time(s.endTime)}`),
    row('Starting equity', money(s.startingEquity)),
    row('Final equity', money(s.finalEquity)),
    row('Net profit', money(s.netProfit), pnlClass(s.netProfit)),
    row('Total return', formatPercent(s.totalReturn), pnlClass(s.totalReturn)),
    row('Annualized return (CAGR)', formatPercent(s.annualizedReturn), pnlClass(s.annualizedReturn)),
    row('Sharpe ratio (daily, annualized)', s.sharpe.toFixed(2)),
    row('Sortino ratio', s.sortino.toFixed(2)),
    row('Exposure', formatPercent(s.exposureTime)),
  ];
  const risk = [
    row('Max drawdown', formatPercent(-s.maxDrawdown), s.maxDrawdown > 0 ? 'loss' : ''),
    row('Max drawdown duration', formatDuration(s.maxDrawdownDurationMs)),
    row('Max drawdown period', s.maxDrawdownStart === null ? '—' : `${time(s.maxDrawdownStart)} → ${s.maxDrawdownRecovered ? time(s.maxDrawdownEnd) : 'not recovered'}`),
    row('Longest drawdown', formatDuration(s.longestDrawdownMs)),
    row('Trades', `${s.trades} (${s.winningTrades} won, ${s.losingTrades} lost)`),
    row('Win rate', formatPercent(s.winRate)),
    row('Profit factor', formatRatio(s.profitFactor)),
    row('Average trade', money(s.averageTradePnl), pnlClass(s.averageTradePnl)),
    row('Best / worst trade', `${money(s.bestTrade)} / ${money(s.worstTrade)}`),
    row('Commissions', money(s.commissionsPaid)),
  ];
  return `<div class="stats"><table>${performance.join('')}</table><table>${risk.join('')}</table></div>`;
}

function cards(s: BacktestStatistics): string {
  const card = (label: string, value: string, cls = ''): string =>
    `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value${cls ? ` ${cls}` : ''}">${escapeHtml(value)}</div></div>`;
  return `<div class="cards">${[
    card('Net profit', formatMoney(s.netProfit, s.currency), pnlClass(s.netProfit)),
    card('Total return', formatPercent(s.totalReturn), pnlClass(s.totalReturn)),
    card('CAGR', formatPercent(s.annualizedReturn), pnlClass(s.annualizedReturn)),
    card('Sharpe', s.sharpe.toFixed(2)),
    card('Max drawdown', formatPercent(-s.maxDrawdown), s.maxDrawdown > 0 ? 'loss' : ''),
    card('Win rate', formatPercent(s.winRate)),
    card('Trades', String(s.trades)),
  ].join('')}</div>`;
}

function tradeRows(trades: readonly RoundTripTrade[], pricePrecision: number, dateOnly: boolean): string {
  const hasBars = trades.some((t) => t.bars !== undefined);
  const head = ['#', 'Instrument', 'Side', 'Qty', 'Entry time', 'Entry price', 'Exit time', 'Exit price', ...(hasBars ? ['Bars'] : []), 'P&L', 'Commission'];
  const rows = trades.slice(0, MAX_TRADE_ROWS).map((t, i) => {
    const cells = [
      `<td>${i + 1}</td>`,
      `<td class="text">${escapeHtml(t.instrument)}</td>`,
      `<td class="text ${t.side === 'LONG' ? 'long' : 'short'}">${t.side}</td>`,
      `<td>${formatQuantity(t.quantity)}</td>`,
      `<td>${formatTime(t.entryTime, dateOnly)}</td>`,
      `<td>${formatPrice(t.entryPrice, pricePrecision)}</td>`,
      `<td>${formatTime(t.exitTime, dateOnly)}</td>`,
      `<td>${formatPrice(t.exitPrice, pricePrecision)}</td>`,
      ...(hasBars ? [`<td>${t.bars ?? ''}</td>`] : []),
      `<td class="${pnlClass(t.pnlMinor)}">${formatMoney(t.pnl, t.currency)}</td>`,
      `<td>${formatMoney(t.commission, t.currency)}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const note = trades.length > MAX_TRADE_ROWS
    ? `<p class="note">Showing the first ${MAX_TRADE_ROWS.toLocaleString('en-US')} of ${trades.length.toLocaleString('en-US')} trades; all are in the embedded data.</p>`
    : '';
  const body = rows.length > 0 ? rows.join('') : `<tr><td colspan="${head.length}" class="text">No closed trades.</td></tr>`;
  return `<div class="trades"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>${note}`;
}

function openTradeRows(trades: readonly OpenTrade[], pricePrecision: number, dateOnly: boolean): string {
  if (trades.length === 0) return '';
  const rows = trades.map((t) => {
    const pnl = t.pnl === undefined ? '—' : formatMoney(t.pnl, t.currency);
    return `<tr><td class="text">${escapeHtml(t.instrument)}</td><td class="text ${t.side === 'LONG' ? 'long' : 'short'}">${t.side}</td>`
      + `<td>${formatQuantity(t.openQuantity)}</td><td>${formatTime(t.entryTime, dateOnly)}</td><td>${formatPrice(t.entryPrice, pricePrecision)}</td>`
      + `<td>${t.markPrice === undefined ? '—' : formatPrice(t.markPrice, pricePrecision)}</td>`
      + `<td class="${pnlClass(t.pnlMinor ?? 0)}">${pnl}</td><td>${formatMoney(t.commission, t.currency)}</td></tr>`;
  });
  return `<section><h2>Open at the end</h2><div class="trades"><table><thead><tr><th>Instrument</th><th>Side</th><th>Open qty</th>`
    + `<th>Entry time</th><th>Entry price</th><th>Mark</th><th>P&amp;L (marked)</th><th>Commission</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div></section>`;
}

function isDateOnly(data: ReportData): boolean {
  if (data.intraday) return false;
  return data.trades.every((t) => t.entryTime % DAY_MS === 0 && t.exitTime % DAY_MS === 0);
}

/**
 * A self-contained HTML report of one run: header with parameters, key figures, the statistics table,
 * price with trade markers, equity and drawdown charts, and the trade table. No network: the chart
 * library is inlined from `chartLibrarySource` and the data is embedded as JSON
 * (`<script type="application/json" id="fortress-data">`).
 */
export function renderReport(input: ReportInput): string {
  const data = buildReportData(input);
  const dateOnly = isDateOnly(data);
  const s = input.statistics;
  const params = Object.entries(input.parameters)
    .map(([key, value]) => `<li><b>${escapeHtml(key)}</b>${escapeHtml(String(value))}</li>`)
    .join('');
  const priceNote = data.price.kind === 'line'
    ? `<p class="note">${data.price.barCount.toLocaleString('en-US')} bars drawn as a line of ${data.price.time.length.toLocaleString('en-US')} closes (display only; statistics use every bar).</p>`
    : '';
  const library = input.chartLibrarySource.replace(/<\/(script)/gi, '<\\/$1');
  const period = `${formatTime(Date.parse(s.startTime), dateOnly)} → ${formatTime(Date.parse(s.endTime), dateOnly)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="sub">${escapeHtml(input.instrumentId)} · ${input.bars.timeframe} · ${escapeHtml(period)} · ${escapeHtml(input.currency)}</p>
<ul class="params">${params}</ul>
</header>
${cards(s)}
<section><h2>Statistics</h2>${statisticsTables(s, dateOnly)}</section>
<section><h2>Price and trades</h2><div id="price-chart" class="chart"></div>
<div class="legend"><span class="long">▲ long entry</span><span class="short">▼ short entry</span><span class="win">● winning exit</span><span class="loss">● losing exit</span></div>${priceNote}</section>
<section><h2>Equity</h2><div id="equity-chart" class="chart equity"></div></section>
<section><h2>Drawdown</h2><div id="drawdown-chart" class="chart drawdown"></div></section>
<section><h2>Trades</h2>${tradeRows(data.trades, data.pricePrecision, dateOnly)}</section>
${openTradeRows(data.openTrades, data.pricePrecision, dateOnly)}
</main>
<script type="application/json" id="fortress-data">${embedJson(data)}</script>
<script>${library}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
