import { z } from 'zod';
import { ACCOUNT_BOOK, type TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const MAX_OPEN_POSITIONS_PER_INSTRUMENT_RULE = 'max-open-positions-per-instrument';

export const maxOpenPositionsPerInstrumentSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Strategy books of one account that may be open in one instrument at once. */
    limit: z.number().int().nonnegative().default(2),
  })
  .strict();
export type MaxOpenPositionsPerInstrumentConfig = z.output<typeof maxOpenPositionsPerInstrumentSchema>;

/**
 * A book is a strategy's non-zero position of the account in the instrument (the account net book `*`
 * aside), or a strategy's open entry order not yet reflected in a position. An intent that would open a
 * new book when the count is already at the limit is rejected; reduce-only intents always pass.
 */
export function createMaxOpenPositionsPerInstrumentRule(config: MaxOpenPositionsPerInstrumentConfig): RiskRule {
  const limit = config.limit;
  // Strategies with a book, reused for every check (rules run synchronously): a handful of entries, so a
  // linear scan of one array beats a Set and allocates nothing per intent.
  const books: string[] = [];
  const addBook = (strategyId: string): void => {
    if (!books.includes(strategyId)) books.push(strategyId);
  };
  return {
    name: MAX_OPEN_POSITIONS_PER_INSTRUMENT_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      if (intent.reduceOnly) return PASS;
      books.length = 0;
      const positions = ctx.portfolio.positions(ctx.accountId);
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i]!;
        if (position.instrumentId === intent.instrumentId && position.quantity !== 0 && position.strategyId !== ACCOUNT_BOOK) {
          addBook(position.strategyId);
        }
      }
      const orders = ctx.orders.openOrders({ accountId: ctx.accountId, instrumentId: intent.instrumentId });
      for (let i = 0; i < orders.length; i++) {
        const order = orders[i]!;
        if (!order.reduceOnly) addBook(order.strategyId);
      }
      const opensNewBook = !books.includes(intent.strategyId);
      const openBooks = books.length;
      books.length = 0;
      if (!opensNewBook || openBooks < limit) return PASS;
      return fail(
        limit,
        openBooks + 1,
        `strategy ${intent.strategyId} would open book ${openBooks + 1} in ${intent.instrumentId} for account ${ctx.accountId}, limit ${limit}`,
      );
    },
  };
}

export const maxOpenPositionsPerInstrumentRule = defineRule(maxOpenPositionsPerInstrumentSchema, createMaxOpenPositionsPerInstrumentRule);
