import { z } from 'zod';
import { ValidationError } from '../core/index.js';
import type { PositionSnapshot } from '../core/index.js';

export interface AccountState {
  readonly accountId: string;
  readonly currency: string;
  readonly startingCashMinor: number;
  readonly cashMinor: number;
  readonly realizedMinor: number;
  readonly commissionMinor: number;
}

/**
 * The portfolio's fold state as plain JSON (for snapshots and crash recovery). It holds what the fills
 * made, not market data: last prices come back with the next bar or tick.
 */
export interface PortfolioState {
  readonly version: 1;
  readonly accounts: readonly AccountState[];
  /** Strategy and net books of every account, account by account, in creation order. */
  readonly books: readonly PositionSnapshot[];
  /** Every fill folded so far, so a redelivered fill stays ignored after a restore. */
  readonly appliedFillIds: readonly string[];
}

const minor = z.int();
const text = z.string().min(1);

const accountSchema = z.object({
  accountId: text,
  currency: text,
  startingCashMinor: minor,
  cashMinor: minor,
  realizedMinor: minor,
  commissionMinor: minor,
});

const bookSchema = z.object({
  accountId: text,
  strategyId: text,
  instrumentId: text,
  currency: text,
  quantity: z.number().refine(Number.isFinite, 'must be finite'),
  avgPrice: z.number(),
  costMinor: minor,
  realizedMinor: minor,
  commissionMinor: minor,
  openedTs: z.number(),
});

const stateSchema = z.object({
  version: z.literal(1),
  accounts: z.array(accountSchema),
  books: z.array(bookSchema),
  appliedFillIds: z.array(text),
});

/** Validate a state read back from a store (bytes entering); names the first bad field. */
export function parsePortfolioState(value: unknown): PortfolioState {
  const result = stateSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : issue.path.join('.');
    throw new ValidationError(`portfolio state is invalid at ${where || '(root)'}: ${issue?.message ?? 'unknown'}`, { where });
  }
  return result.data;
}
