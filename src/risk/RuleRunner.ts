import { InvariantError } from '../core/index.js';
import type { InstrumentProvider, OrderView, PortfolioView, SessionCalendar, TradeIntent } from '../core/index.js';
import type { AccountMetricsView } from './AccountMetrics.js';
import { EvaluationPortfolio } from './EvaluationPortfolio.js';
import { PotentialExposure } from './PotentialExposure.js';
import type { RiskRule, RuleContext, RuleVerdict } from './RiskRule.js';
import type { RiskStateView } from './RiskState.js';
import type { RuleBook } from './RuleBook.js';
import type { VolumeView } from './VolumeTracker.js';

export type Rejected = Extract<RuleVerdict, { ok: false }>;

/** What running the rules on one intent gave. One object, reused: read it before the next run. */
export interface RuleOutcome {
  kind: 'approved' | 'rejected' | 'threw';
  /** The approved quantity (the intent's, or smaller when a rule resized it). */
  quantity: number;
  /** Rules that resized the trade, comma-separated. */
  resizedBy: string | undefined;
  /** The deciding rule of a rejection, or the rule that threw. */
  rule: string;
  verdict: Rejected | undefined;
  error: unknown;
}

type MutableContext = { -readonly [K in keyof RuleContext]: RuleContext[K] };

const NO_PENDING: readonly TradeIntent[] = Object.freeze([]);

export interface RuleRunnerPorts {
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  readonly volumes: VolumeView;
  readonly metrics: AccountMetricsView;
}

/**
 * Runs the trading-state gate and then the intent's rules (by account and instrument) in order; the first
 * failure decides. A rule's resize is kept and later rules judge the resized trade. Allocation-free unless a
 * rule resizes or rejects: one context and one outcome object are reused.
 */
export class RuleRunner {
  private readonly ctx: MutableContext;
  private readonly exposure = new PotentialExposure();
  private readonly portfolio: EvaluationPortfolio;
  private readonly outcome: RuleOutcome = { kind: 'approved', quantity: 0, resizedBy: undefined, rule: '', verdict: undefined, error: undefined };

  constructor(
    ports: RuleRunnerPorts,
    private readonly gate: RiskRule,
    private book: RuleBook,
    state: RiskStateView,
  ) {
    this.portfolio = new EvaluationPortfolio(ports.portfolio);
    this.ctx = { accountId: '', nowMs: 0, ...ports, portfolio: this.portfolio, state, exposure: this.exposure, pending: NO_PENDING };
  }

  setBook(book: RuleBook): void {
    this.book = book;
  }

  setCalendar(calendar: SessionCalendar): void {
    this.ctx.calendar = calendar;
  }

  get ruleBook(): RuleBook {
    return this.book;
  }

  /** Run every rule for `intent` against `state` (a basket's trial copy, or the live counters). */
  run(intent: TradeIntent, nowMs: number, state: RiskStateView, pending: readonly TradeIntent[] = NO_PENDING): RuleOutcome {
    const ctx = this.ctx;
    ctx.accountId = intent.accountId;
    ctx.nowMs = nowMs;
    ctx.state = state;
    ctx.pending = pending;
    this.exposure.invalidate();
    this.portfolio.invalidate();
    const out = this.outcome;
    out.quantity = intent.quantity;
    out.resizedBy = undefined;
    out.verdict = undefined;
    out.error = undefined;
    if (!this.check(this.gate, intent, intent)) return out;
    const rules = this.book.rulesFor(intent.accountId, intent.instrumentId);
    let checked = intent;
    for (let i = 0; i < rules.length; i++) {
      if (!this.check(rules[i]!, intent, checked)) return out;
      if (out.quantity !== checked.quantity) checked = { ...checked, quantity: out.quantity }; // later rules judge the resized trade (rare path)
    }
    out.kind = 'approved';
    return out;
  }

  /** One rule; false when the run ends here (rejected, threw, or resized upwards). */
  private check(rule: RiskRule, intent: TradeIntent, checked: TradeIntent): boolean {
    const out = this.outcome;
    let verdict: RuleVerdict;
    try {
      verdict = rule.check(checked, this.ctx);
    } catch (error) {
      return this.threw(rule.name, error);
    }
    if (!verdict.ok) {
      out.kind = 'rejected';
      out.rule = rule.name;
      out.verdict = verdict;
      return false;
    }
    if (verdict.quantity === undefined || verdict.quantity === out.quantity) return true;
    if (!(verdict.quantity > 0 && verdict.quantity < out.quantity)) {
      return this.threw(rule.name, new InvariantError(`rule resized quantity to ${verdict.quantity}, allowed (0, ${out.quantity}) for intent ${intent.intentId}`));
    }
    out.quantity = verdict.quantity;
    out.resizedBy = out.resizedBy === undefined ? rule.name : `${out.resizedBy},${rule.name}`;
    return true;
  }

  private threw(rule: string, error: unknown): false {
    this.outcome.kind = 'threw';
    this.outcome.rule = rule;
    this.outcome.error = error;
    return false;
  }
}
