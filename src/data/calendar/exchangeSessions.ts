/** Regular hours of one exchange, in its own time zone. */
export interface ExchangeSessionSpec {
  /** IANA zone, e.g. `America/New_York`. */
  readonly timeZone: string;
  /** Local opening time `HH:MM`. */
  readonly open: string;
  /** Local closing time `HH:MM` (`24:00` for midnight); the session is [open, close). */
  readonly close: string;
  /** ISO weekdays without trading (6 = Saturday, 7 = Sunday); default [6, 7]. */
  readonly closedWeekdays?: readonly number[];
  /** Trades every moment of every day (the simulated venue). */
  readonly alwaysOpen?: boolean;
}

const INDIA: ExchangeSessionSpec = { timeZone: 'Asia/Kolkata', open: '09:15', close: '15:30' };
const US: ExchangeSessionSpec = { timeZone: 'America/New_York', open: '09:30', close: '16:00' };

/** Exchanges known without configuration. Holidays come from configuration. */
export const BUILT_IN_EXCHANGES: Readonly<Record<string, ExchangeSessionSpec>> = {
  NSE: INDIA,
  NFO: INDIA,
  BSE: INDIA,
  NYSE: US,
  NASDAQ: US,
  SIM: { timeZone: 'UTC', open: '00:00', close: '24:00', closedWeekdays: [], alwaysOpen: true },
};

/** What an exchange we know nothing about is taken to be. */
export const UNKNOWN_EXCHANGE_POLICIES = ['open', 'closed'] as const;
export type UnknownExchangePolicy = (typeof UNKNOWN_EXCHANGE_POLICIES)[number];

/** One trading day's regular session. */
export interface TradingSession {
  readonly exchange: string;
  /** Local calendar date `YYYY-MM-DD`. */
  readonly date: string;
  readonly openMs: number;
  readonly closeMs: number;
}
