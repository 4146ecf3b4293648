import { InvariantError } from './errors.js';
import type { TradeIntent } from './intent.js';

declare const approvedBrand: unique symbol;

/**
 * A trade the risk engine approved. Its type cannot be written by hand (the brand is a unique symbol
 * nobody can name), and at run time the execution engine accepts only instances minted by the
 * authority the composition root created, whose `approve` only the risk engine holds.
 */
export interface ApprovedTrade {
  readonly [approvedBrand]: true;
  readonly intent: TradeIntent;
  /** The quantity risk approved (may be smaller than the intent's when a rule resized it). */
  readonly quantity: number;
  readonly decisionId: string;
}

export type ApproveTrade = (intent: TradeIntent, quantity: number, decisionId: string) => ApprovedTrade;
export type VerifyApproval = (trade: unknown) => trade is ApprovedTrade;

export interface ApprovalAuthority {
  /** Given to the risk engine only. */
  readonly approve: ApproveTrade;
  /** Given to the execution engine, which refuses anything it does not recognise. */
  readonly verify: VerifyApproval;
}

export function createApprovalAuthority(): ApprovalAuthority {
  const minted = new WeakSet<object>();
  const approve: ApproveTrade = (intent, quantity, decisionId) => {
    if (!(quantity > 0) || quantity > intent.quantity) {
      throw new InvariantError(`approved quantity ${quantity} must be in (0, ${intent.quantity}] for intent ${intent.intentId}`);
    }
    const trade = Object.freeze({ intent, quantity, decisionId }) as unknown as ApprovedTrade;
    minted.add(trade);
    return trade;
  };
  const verify: VerifyApproval = (trade): trade is ApprovedTrade => typeof trade === 'object' && trade !== null && minted.has(trade);
  return { approve, verify };
}
