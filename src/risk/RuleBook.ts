import type { AccountLimit } from './AccountLimit.js';
import { buildAccountLimits, buildRules } from './buildRules.js';
import { resolveRules } from './resolveRules.js';
import type { RiskConfig } from './riskConfig.js';
import type { RiskRule } from './RiskRule.js';

interface AccountRules {
  readonly rules: readonly RiskRule[];
  readonly limits: readonly AccountLimit[];
  readonly byInstrument: Map<string, readonly RiskRule[]>;
}

/**
 * The rule instances for each (account, instrument), built once from the configuration and cached: finding an
 * intent's rules is two Map lookups. Rules keep no state of their own (counters live in RiskState), so a new
 * configuration simply means a new RuleBook.
 */
export class RuleBook {
  private readonly accounts = new Map<string, AccountRules>();
  private readonly overriddenInstruments: ReadonlySet<string>;

  constructor(
    readonly config: RiskConfig,
    /** Replaces the configured rules everywhere (specs, benchmarks). */
    private readonly fixedRules?: readonly RiskRule[],
  ) {
    this.overriddenInstruments = new Set(Object.keys(config.instruments));
  }

  rulesFor(accountId: string, instrumentId: string): readonly RiskRule[] {
    const account = this.account(accountId);
    if (!this.overriddenInstruments.has(instrumentId)) return account.rules;
    let rules = account.byInstrument.get(instrumentId);
    if (rules === undefined) {
      rules = this.fixedRules ?? buildRules(resolveRules(this.config, accountId, instrumentId));
      account.byInstrument.set(instrumentId, rules);
    }
    return rules;
  }

  /** The account-wide limits for the account (defaults with the account's overrides; instrument overrides do not apply). */
  limitsFor(accountId: string): readonly AccountLimit[] {
    return this.account(accountId).limits;
  }

  /** The longest LiquidityGuard lookback of any scope (the volume history to keep). */
  maxLookbackBars(): number {
    let max = this.config.rules.liquidityGuard.lookbackBars;
    for (const scope of [...Object.values(this.config.accounts), ...Object.values(this.config.instruments)]) {
      const lookback = scope.liquidityGuard?.lookbackBars;
      if (lookback !== undefined && lookback > max) max = lookback;
    }
    return max;
  }

  private account(accountId: string): AccountRules {
    let account = this.accounts.get(accountId);
    if (account === undefined) {
      const resolved = resolveRules(this.config, accountId);
      account = { rules: this.fixedRules ?? buildRules(resolved), limits: buildAccountLimits(resolved), byInstrument: new Map() };
      this.accounts.set(accountId, account);
    }
    return account;
  }
}
