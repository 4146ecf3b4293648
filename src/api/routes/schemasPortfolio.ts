import { z } from 'zod';

const minor = z.number().int();

/** AccountSnapshot plus equity and the currency's minor digits. */
export const accountSchema = z.object({
  accountId: z.string(),
  currency: z.string(),
  cashMinor: minor,
  realizedMinor: minor,
  commissionMinor: minor,
  equityMinor: minor,
  minorDigits: z.number().int().describe('amount = minor / 10^minorDigits'),
});

/** PositionInfo of control.ts: a book with its mark at the last price. */
export const positionInfoSchema = z.object({
  accountId: z.string(),
  strategyId: z.string().describe("the strategy's book, or * for the account's net position"),
  instrumentId: z.string(),
  currency: z.string(),
  quantity: z.number().describe('signed: positive long, negative short'),
  avgPrice: z.number(),
  costMinor: minor,
  realizedMinor: minor,
  commissionMinor: minor,
  openedTs: z.number(),
  lastPrice: z.number().optional().describe('absent until a price of the instrument has been seen'),
  marketValueMinor: minor.optional().describe('absent for an open position without a price: it is not known'),
  unrealizedMinor: minor.optional().describe('absent for an open position without a price: it is not known'),
});

export const positionListSchema = z.object({ positions: z.array(positionInfoSchema).readonly() });

export const positionsQuerySchema = z
  .object({
    books: z.enum(['true', 'false']).default('false').describe("true: every strategy's book; false: the account's net positions"),
  })
  .strict();

/** PortfolioSummary of control.ts. */
export const portfolioSummarySchema = z.object({
  accountId: z.string(),
  currency: z.string(),
  cashMinor: minor,
  equityMinor: minor,
  startingCashMinor: minor,
  pnlTodayMinor: minor.describe("since the start of the node clock's UTC day"),
  pnlTotalMinor: minor,
  realizedMinor: minor,
  unrealizedMinor: minor,
  grossExposureMinor: minor,
  netExposureMinor: minor,
  openPositions: z.number().int(),
  minorDigits: z.number().int(),
  asOf: z.string(),
});

export const equityCurveSchema = z.object({
  points: z.array(z.tuple([z.number(), minor]).readonly()).readonly().describe('[epoch ms, equity minor], oldest first'),
});
