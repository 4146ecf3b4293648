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

/**
 * An account's net positions marked at the last prices, as the portfolio keeps them current with every price
 * and fill (reading it costs nothing per position). Each non-flat net position with a last price above zero
 * counts as |quantity| × price × multiplier rounded half-even to the minor unit, signed; it is valued on the
 * portfolio's own instrument grid, in the account's currency.
 */
export interface MarkedPositions {
  /** Σ |value| over the non-flat net positions whose last price is above zero, in minor units. */
  readonly grossMinor: number;
  /** Σ signed value over the same positions. */
  readonly netMinor: number;
  /** Non-flat net positions without a last price above zero (not in the sums: value them some other way). */
  readonly unpricedPositions: number;
}
