import { ACCOUNT_BOOK, ValidationError } from '../core/index.js';
import type { InstrumentProvider } from '../core/index.js';
import { AccountLedger } from './AccountLedger.js';
import { notionalSpecOf } from './notionalSpecOf.js';
import type { PortfolioState } from './portfolioState.js';

interface AccountConfig {
  readonly accountId: string;
  readonly currency: string;
  readonly startingCashMinor: number;
}

/**
 * Ledgers from a snapshot (or none) plus the configured accounts the snapshot lacks. Refuses a state that
 * breaks the fold's invariants, since it would silently corrupt every later number:
 * account realized/commission = Σ net books', Σ strategy quantities = net quantity, and
 * cash = starting cash + realized − commission − Σ open cost of the net books.
 */
export function restoreLedgers(state: PortfolioState | undefined, accounts: readonly AccountConfig[], instruments: InstrumentProvider): Map<string, AccountLedger> {
  const ledgers = new Map<string, AccountLedger>();
  for (const saved of state?.accounts ?? []) {
    if (ledgers.has(saved.accountId)) throw new ValidationError(`portfolio state lists account ${saved.accountId} twice`, { where: 'accounts' });
    const ledger = new AccountLedger(saved.accountId, saved.currency, saved.startingCashMinor);
    ledger.load(saved.cashMinor, saved.realizedMinor, saved.commissionMinor);
    ledgers.set(saved.accountId, ledger);
  }
  const configured = new Set<string>();
  for (const account of accounts) {
    if (configured.has(account.accountId)) throw new ValidationError(`account ${account.accountId} is configured twice`, { where: 'accounts' });
    if (!Number.isSafeInteger(account.startingCashMinor)) {
      throw new ValidationError(`account ${account.accountId}: startingCashMinor must be an integer of minor units, got ${account.startingCashMinor}`, { where: 'startingCashMinor' });
    }
    configured.add(account.accountId);
    if (!ledgers.has(account.accountId)) ledgers.set(account.accountId, new AccountLedger(account.accountId, account.currency, account.startingCashMinor));
  }
  for (const saved of state?.books ?? []) {
    const where = `books[${saved.accountId}/${saved.strategyId}/${saved.instrumentId}]`;
    const ledger = ledgers.get(saved.accountId);
    if (ledger === undefined) throw new ValidationError(`${where}: account is not in the state`, { where });
    const instrument = instruments.get(saved.instrumentId);
    if (instrument === undefined) throw new ValidationError(`${where}: unknown instrument`, { where });
    if (saved.currency !== ledger.currency) throw new ValidationError(`${where}: currency ${saved.currency} differs from the account's ${ledger.currency}`, { where });
    if (ledger.find(saved.instrumentId, saved.strategyId) !== undefined) throw new ValidationError(`${where}: book listed twice`, { where });
    const book = ledger.open(saved.instrumentId, saved.strategyId, notionalSpecOf(instrument, ledger.currency));
    book.load(saved);
    if (book.quantityUnits === 0 && book.costMinor !== 0) throw new ValidationError(`${where}: flat book with cost ${book.costMinor}`, { where });
  }
  for (const ledger of ledgers.values()) checkLedger(ledger);
  return ledgers;
}

function checkLedger(ledger: AccountLedger): void {
  let realizedMinor = 0;
  let commissionMinor = 0;
  let openCostMinor = 0;
  const strategyUnits = new Map<string, number>();
  for (const book of ledger.books) {
    if (book.strategyId === ACCOUNT_BOOK) {
      realizedMinor += book.realizedMinor;
      commissionMinor += book.commissionMinor;
      openCostMinor += book.costMinor;
    } else {
      strategyUnits.set(book.instrumentId, (strategyUnits.get(book.instrumentId) ?? 0) + book.quantityUnits);
    }
  }
  const where = `accounts[${ledger.accountId}]`;
  const fail = (what: string): never => {
    throw new ValidationError(`${where}: ${what}`, { where });
  };
  if (realizedMinor !== ledger.realizedMinor) fail(`realizedMinor ${ledger.realizedMinor} differs from its net books' ${realizedMinor}`);
  if (commissionMinor !== ledger.commissionMinor) fail(`commissionMinor ${ledger.commissionMinor} differs from its net books' ${commissionMinor}`);
  const expectedCash = ledger.startingCashMinor + realizedMinor - commissionMinor - openCostMinor;
  if (expectedCash !== ledger.cashMinor) fail(`cashMinor ${ledger.cashMinor} differs from starting + realized − commission − open cost = ${expectedCash}`);
  for (const [instrumentId, units] of strategyUnits) {
    const net = ledger.find(instrumentId)?.quantityUnits ?? 0;
    if (net !== units) fail(`net quantity of ${instrumentId} differs from the sum of its strategy books`);
  }
}
