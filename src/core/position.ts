/** A position in one book (account × strategy × instrument, or the account's net across strategies). */
export interface PositionSnapshot {
  readonly accountId: string;
  /** The strategy's book, or `*` for the account's net position. */
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly currency: string;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  /** Average entry price of the open quantity (display; exact money is `costMinor`). */
  readonly avgPrice: number;
  /** Signed cost basis of the open quantity in minor units (negative for a short). */
  readonly costMinor: number;
  readonly realizedMinor: number;
  readonly commissionMinor: number;
  /** When the current (non-flat) position was opened; 0 when flat. */
  readonly openedTs: number;
}

export const ACCOUNT_BOOK = '*';

export interface AccountSnapshot {
  readonly accountId: string;
  readonly currency: string;
  readonly cashMinor: number;
  readonly realizedMinor: number;
  readonly commissionMinor: number;
}
