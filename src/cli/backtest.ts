import { Command } from 'commander';
import Table from 'cli-table3';
import { SingleBar } from 'cli-progress';
import { createLogger, logLevelFromEnvironment, runBacktestCommand, type BacktestResult, type LogLevel } from '../app/index.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function backtestCommand(): Command {
  return new Command('backtest')
    .description('replay bars through strategy → risk → execution → paper broker → portfolio; print stats, write result.json and report.html')
    .option('--data <file>', 'OHLCV CSV (Yahoo `Date,Open,High,Low,Close,Adj Close,Volume` or any file with date/open/high/low/close[/volume] headers)')
    .option('--synthetic <bars>', 'instead of --data: a seeded random walk of this many bars')
    .requiredOption('--strategy <name>', 'built-in strategy (see `fortress strategies`)')
    .option('--param <name=value>', 'strategy parameter, repeatable (e.g. --param fast=10)', collect, [])
    .option('--qty <n>', 'quantity per entry', '100')
    .option('--cash <amount>', 'starting cash', '100000')
    .option('--fill <model>', 'fill model: next-open (next bar’s open) or close (this bar’s close)', 'next-open')
    .option('--slippage-bps <bps>', 'slippage in basis points (buys pay more, sells get less, rounded to the tick)', '0')
    .option('--commission-per-order <amount>', 'commission per order', '0')
    .option('--commission-per-share <amount>', 'commission per share/contract', '0')
    .option('--commission-pct-bps <bps>', 'commission as basis points of notional', '0')
    .option('--commission-min <amount>', 'minimum commission per order', '0')
    .option('--volume-share <fraction>', 'largest share of a bar’s volume one fill may take (partial fills beyond)', '1')
    .option('--symbol <symbol>', 'instrument symbol (default: from the file name)')
    .option('--exchange <exchange>', 'exchange (NYSE, NASDAQ, NSE, SIM…): its calendar gates trading hours', 'NYSE')
    .option('--currency <code>', 'instrument currency', 'USD')
    .option('--tick-size <size>', 'price tick (default: the finest step in the file)')
    .option('--lot-size <size>', 'lot size', '1')
    .option('--timeframe <tf>', 'bar timeframe (default: inferred from the file)')
    .option('--tz <zone>', 'IANA time zone of times in the file without a zone', 'UTC')
    .option('--timestamp-marks <open|close>', 'whether file times stamp the bar’s open or its close', 'open')
    .option('--date-format <format>', 'for ambiguous dates: DD/MM/YYYY or MM/DD/YYYY')
    .option('--columns <map>', 'map columns by header name or 0-based index, e.g. time=Datetime,open=O,high=H,low=L,close=C,volume=V')
    .option('--adjusted', 'Yahoo files: trade split/dividend-adjusted prices instead of raw ones')
    .option('--seed <n>', 'seed for ids and synthetic data (same seed, same bytes)', '1')
    .option('--json <file>', 'write the result (stats, trades, equity, risk) as JSON')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--risk <file>', 'risk rules YAML (risk_rules.yaml); without it the defaults apply')
    .option('--store <file>', 'record the event log in this SQLite file')
    .option('--cache-dir <dir>', 'where the binary bar cache is kept (default: .fortress/cache)')
    .action(async (options: Record<string, unknown>, command: Command) => {
      const globals = command.parent?.opts() ?? {};
      const level = (globals.logLevel as LogLevel | undefined) ?? logLevelFromEnvironment(process.env, 'warn');
      const logger = createLogger({ level, pretty: process.stderr.isTTY === true, fd: 2, runId: 'backtest' });
      const bar = process.stdout.isTTY ? new SingleBar({ format: 'backtest [{bar}] {percentage}% | {value}/{total} bars | {instrument}', hideCursor: true }) : undefined;
      const outcome = await runBacktestCommand(options, {
        logger,
        onLoaded: (bars, instrument) => bar?.start(bars, 0, { instrument }),
        onProgress: (done) => bar?.update(done),
      });
      bar?.stop();
      printSummary(outcome.result, outcome.elapsedMs, outcome.loaded.series.length);
      for (const path of outcome.written) console.log(`written ${path}`);
    });
}

function printSummary(result: BacktestResult, elapsedMs: number, bars: number): void {
  const s = result.statistics;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const money = (x: number): string => `${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${s.currency}`;
  const table = new Table({ head: ['result', 'value'], ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }) });
  table.push(
    ['period', `${s.startTime.slice(0, 10)} → ${s.endTime.slice(0, 10)}`],
    ['final equity', money(s.finalEquity)],
    ['total return', pct(s.totalReturn)],
    ['annualized return', pct(s.annualizedReturn)],
    ['Sharpe / Sortino', `${s.sharpe.toFixed(2)} / ${s.sortino.toFixed(2)}`],
    ['max drawdown', `${pct(s.maxDrawdown)} (${Math.round(s.maxDrawdownDurationMs / 86_400_000)} days)`],
    ['trades / win rate', `${s.trades} / ${pct(s.winRate)}`],
    ['profit factor', s.profitFactor === null ? 'n/a (no losing trade)' : s.profitFactor.toFixed(2)],
    ['exposure time', pct(s.exposureTime)],
    ['commissions', money(s.commissionsPaid)],
    ['risk approved / rejected', `${result.risk.approved} / ${result.risk.rejected}${formatByRule(result.risk.byRule)}`],
    ['open at end', result.openTrades.length === 0 ? 'flat' : result.openTrades.map((t) => `${t.side} ${t.openQuantity} ${t.instrument}`).join(', ')],
    ['speed', `${bars.toLocaleString('en-US')} bars in ${(elapsedMs / 1000).toFixed(2)} s`],
  );
  console.log(table.toString());
}

function formatByRule(byRule: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byRule);
  return entries.length === 0 ? '' : ` (${entries.map(([rule, n]) => `${rule}: ${n}`).join(', ')})`;
}
