import { Gauge, type Registry } from 'prom-client';
import { minorDigitsOf, minorToAmount, type AccountSnapshot, type PortfolioView } from '../../core/index.js';

/** The portfolio as metrics read it: the view plus unrealized P&L over the account's net books (the Portfolio has it). */
export interface MetricsPortfolio extends PortfolioView {
  unrealizedMinor(accountId: string): number;
}

type AccountLabels = { readonly account: string; readonly currency: string };

/**
 * `fortress_pnl{account,currency,kind}` (realized before commissions, unrealized at the last price),
 * `fortress_commissions{account,currency}` and `fortress_equity{account,currency}`, read from the portfolio
 * at scrape time (each gauge in its own collect: the registry reads them one after another), in currency
 * units: exact minor-unit integers converted once, for display.
 */
export function registerPortfolioGauges(portfolio: MetricsPortfolio, accountIds: readonly string[], registry: Registry): void {
  const eachAccount = (visit: (labels: AccountLabels, account: AccountSnapshot, toAmount: (minor: number) => number) => void): void => {
    for (const accountId of accountIds) {
      const account = portfolio.account(accountId);
      if (account === undefined) continue;
      const digits = minorDigitsOf(account.currency);
      visit({ account: accountId, currency: account.currency }, account, (minor) => minorToAmount(minor, digits));
    }
  };
  const labelNames = ['account', 'currency'] as const;
  new Gauge({
    name: 'fortress_pnl',
    help: 'Profit and loss by account: realized (before commissions) and unrealized (at the last price)',
    labelNames: [...labelNames, 'kind'] as const,
    registers: [registry],
    collect() {
      eachAccount((labels, account, toAmount) => {
        this.set({ ...labels, kind: 'realized' }, toAmount(account.realizedMinor));
        this.set({ ...labels, kind: 'unrealized' }, toAmount(portfolio.unrealizedMinor(labels.account)));
      });
    },
  });
  new Gauge({
    name: 'fortress_commissions',
    help: 'Commissions paid, by account',
    labelNames,
    registers: [registry],
    collect() {
      eachAccount((labels, account, toAmount) => this.set(labels, toAmount(account.commissionMinor)));
    },
  });
  new Gauge({
    name: 'fortress_equity',
    help: 'Cash plus positions marked at the last price, by account',
    labelNames,
    registers: [registry],
    collect() {
      eachAccount((labels, _account, toAmount) => this.set(labels, toAmount(portfolio.equityMinor(labels.account))));
    },
  });
}
