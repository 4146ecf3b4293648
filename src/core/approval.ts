import { InvariantError } from './errors.js';
import type { BasketIntent, TradeIntent } from './intent.js';

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

declare const approvedBasketBrand: unique symbol;

/** A basket whose every leg the risk engine approved together (all or nothing). */
export interface ApprovedBasket {
  readonly [approvedBasketBrand]: true;
  readonly basket: BasketIntent;
  readonly legs: readonly ApprovedTrade[];
  readonly decisionId: string;
}

export type ApproveTrade = (intent: TradeIntent, quantity: number, decisionId: string) => ApprovedTrade;
export type VerifyApproval = (trade: unknown) => trade is ApprovedTrade;
export type ApproveBasket = (basket: BasketIntent, legs: readonly ApprovedTrade[], decisionId: string) => ApprovedBasket;
export type VerifyBasketApproval = (basket: unknown) => basket is ApprovedBasket;

export interface ApprovalAuthority {
  /** Given to the risk engine only. */
  readonly approve: ApproveTrade;
  /** Given to the execution engine, which refuses anything it does not recognise. */
  readonly verify: VerifyApproval;
  /** Given to the risk engine only: legs must be trades this authority approved, one per basket leg. */
  readonly approveBasket: ApproveBasket;
  readonly verifyBasket: VerifyBasketApproval;
}

/**
 * What every authority's trades are built as: one class for the process, so the engines that read trades see
 * one shape whatever authority minted them (a class made per authority gave each graph its own hidden class,
 * and code V8 had optimized for one graph was thrown away when it met another's trades). Which authority minted
 * a trade is in its private field, which only this module can write or read: a hand-made object of the same
 * shape has no such field, and a trade of another authority carries another token.
 */
class Minted {
  readonly #authority: object;
  constructor(
    authority: object,
    readonly intent: TradeIntent,
    readonly quantity: number,
    readonly decisionId: string,
  ) {
    this.#authority = authority;
  }
  static mintedBy(value: object, authority: object): boolean {
    return #authority in value && value.#authority === authority;
  }
}

class MintedBasket {
  readonly #authority: object;
  constructor(
    authority: object,
    readonly basket: BasketIntent,
    readonly legs: readonly ApprovedTrade[],
    readonly decisionId: string,
  ) {
    this.#authority = authority;
  }
  static mintedBy(value: object, authority: object): boolean {
    return #authority in value && value.#authority === authority;
  }
}

export function createApprovalAuthority(): ApprovalAuthority {
  // This authority's token: only trades minted below carry it (cheaper than a WeakSet on this path).
  const token = Object.freeze({});
  const approve: ApproveTrade = (intent, quantity, decisionId) => {
    if (!(quantity > 0) || quantity > intent.quantity) {
      throw new InvariantError(`approved quantity ${quantity} must be in (0, ${intent.quantity}] for intent ${intent.intentId}`);
    }
    return Object.freeze(new Minted(token, intent, quantity, decisionId)) as unknown as ApprovedTrade;
  };
  const verify: VerifyApproval = (trade): trade is ApprovedTrade => typeof trade === 'object' && trade !== null && Minted.mintedBy(trade, token);
  const approveBasket: ApproveBasket = (basket, legs, decisionId) => {
    if (legs.length !== basket.legs.length || legs.some((leg, i) => !verify(leg) || leg.intent !== basket.legs[i])) {
      throw new InvariantError(`basket ${basket.basketId}: every leg must be an approved trade of this basket, in order`);
    }
    return Object.freeze(new MintedBasket(token, basket, Object.freeze([...legs]), decisionId)) as unknown as ApprovedBasket;
  };
  const verifyBasket: VerifyBasketApproval = (value): value is ApprovedBasket =>
    typeof value === 'object' && value !== null && MintedBasket.mintedBy(value, token);
  return { approve, verify, approveBasket, verifyBasket };
}
