import type { RiskRuleInfo } from '../../api/index.js';
import { ACCOUNT_BOOK } from '../../core/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import { dayStartEquityAt, RULE_DEFINITIONS, RULE_KEYS, TRADING_STATE_RULE, resolveRules, utcDayIndex, type RiskEngine, type RuleKey } from '../../risk/index.js';

/** What the risk view reads: the engine in one process, a fold of its events in the api service of a deployment. */
export type RiskView = Pick<RiskEngine, 'tradingStatus' | 'metrics' | 'state' | 'config'>;

type Slice = Readonly<Record<string, unknown>> & { readonly enabled: boolean };
type Measure = (slice: Slice) => { readonly current: number; readonly limit: number } | undefined;

/**
 * Every rule of the account's effective configuration (defaults with its overrides) with its settings and,
 * where it measures something account-wide, the value now against its main limit: loss today and drawdown
 * (percent of the reference equity), gross / net exposure and the largest position (percent of equity), the
 * largest number of strategy books open in one instrument, orders today and in the rate window. Percentages
 * are for display; the rules themselves decide in exact integers.
 */
export function describeRiskRules(risk: RiskView, portfolio: Portfolio, accountId: string, nowMs: number): RiskRuleInfo[] {
  const equityMinor = portfolio.equityMinor(accountId);
  const metrics = risk.metrics.get(accountId);
  const dayStartMinor = dayStartEquityAt(metrics, nowMs, equityMinor);
  const peakMinor = Math.max(metrics?.peakEquityMinor ?? equityMinor, equityMinor);
  const exposure = portfolio.exposure(accountId);
  const books = portfolio.positions(accountId);
  const today = utcDayIndex(nowMs);

  const measures: Partial<Record<RuleKey, Measure>> = {
    maxDailyLoss: (s) => ({ current: pctOf(Math.max(0, dayStartMinor - equityMinor), dayStartMinor), limit: num(s, 'limitPct') }),
    maxDrawdown: (s) => ({ current: pctOf(Math.max(0, peakMinor - equityMinor), peakMinor), limit: num(s, 'limitPct') }),
    maxGrossExposure: (s) => ({ current: pctOf(exposure.grossMinor, equityMinor), limit: num(s, 'limitPct') }),
    maxNetExposure: (s) => ({ current: pctOf(Math.abs(exposure.netMinor), equityMinor), limit: num(s, 'limitPct') }),
    maxPositionPct: (s) => ({ current: pctOf(largestPositionMinor(portfolio, accountId, books), equityMinor), limit: num(s, 'limitPct') }),
    maxOpenPositionsPerInstrument: (s) => ({ current: mostBooksInOneInstrument(books), limit: num(s, 'limit') }),
    maxOrdersPerDay: (s) => ({ current: risk.state.ordersOnDay(accountId, today), limit: num(s, 'limit') }),
    orderRateLimit: (s) => ({ current: risk.state.approvalsAfter(accountId, nowMs - num(s, 'windowMs')), limit: num(s, 'maxOrders') }),
  };

  const status = risk.tradingStatus;
  const rules: RiskRuleInfo[] = [{ rule: TRADING_STATE_RULE, enabled: true, limits: { state: status.state, by: status.by, reason: status.reason } }];
  const resolved = resolveRules(risk.config, accountId);
  for (const key of RULE_KEYS) {
    const slice = resolved[key] as Slice;
    const { enabled, ...limits } = slice;
    // The slice was produced by this rule's own schema (resolveRules), so its `create` accepts it.
    const create = RULE_DEFINITIONS[key].create as unknown as (config: Slice) => { readonly name: string };
    const measured = measures[key]?.(slice);
    rules.push({
      rule: create(slice).name,
      enabled,
      limits,
      ...(measured !== undefined ? { current: measured.current, limit: measured.limit } : {}),
      ...(measured !== undefined && measured.limit > 0 ? { usedPct: round2((measured.current / measured.limit) * 100) } : {}),
    });
  }
  return rules;
}

function num(slice: Slice, key: string): number {
  const value = slice[key];
  return typeof value === 'number' ? value : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function pctOf(partMinor: number, wholeMinor: number): number {
  return wholeMinor > 0 ? round2((partMinor / wholeMinor) * 100) : 0;
}

/** The largest net position's market value at the last price (magnitude, minor units). */
function largestPositionMinor(portfolio: Portfolio, accountId: string, books: ReturnType<Portfolio['positions']>): number {
  let largest = 0;
  for (const book of books) {
    if (book.strategyId !== ACCOUNT_BOOK || book.quantity === 0) continue;
    const valueMinor = Math.abs(book.costMinor + portfolio.unrealizedMinor(accountId, book.instrumentId));
    if (valueMinor > largest) largest = valueMinor;
  }
  return largest;
}

/** The most strategy books open at once in any one instrument. */
function mostBooksInOneInstrument(books: ReturnType<Portfolio['positions']>): number {
  const counts = new Map<string, number>();
  let most = 0;
  for (const book of books) {
    if (book.strategyId === ACCOUNT_BOOK || book.quantity === 0) continue;
    const count = (counts.get(book.instrumentId) ?? 0) + 1;
    counts.set(book.instrumentId, count);
    if (count > most) most = count;
  }
  return most;
}
