import { fromUnits, isOpenStatus, sideSign, toUnits } from '../core/index.js';
import type { ApprovedBasket, ApprovedTrade, Clock, EventPayloads, InstrumentProvider, Order } from '../core/index.js';
import { clientOrderIdOf } from './clientOrderId.js';
import type { OrderJournal } from './OrderJournal.js';
import { orderOfTrade } from './orderOfTrade.js';
import type { OrderRouter } from './OrderRouter.js';

type Phase = 'working' | 'unwinding' | 'flattening' | 'done';

const STEP = { BasketSubmitted: 'submitted', BasketUnwindStarted: 'unwinding', BasketCompleted: 'completed', BasketFailed: 'failed' } as const;

interface Basket {
  readonly approved: ApprovedBasket;
  readonly legIds: readonly string[];
  readonly deadlineMs: number;
  phase: Phase;
  reason: string;
  unwindIds: string[];
  /** Unwind orders are being placed: their reports wait for the whole set. */
  placing: boolean;
}

export interface BasketBookOptions {
  readonly journal: OrderJournal;
  readonly router: OrderRouter;
  readonly instruments: InstrumentProvider;
  readonly clock: Clock;
}

/**
 * All-or-nothing baskets. Every leg is placed (sliced like any order); the basket completes when all legs
 * fill. A leg rejected, canceled or expired, or not filled by the deadline (Clock time), fails it: open legs
 * are canceled, and once every leg is closed what filled is flattened per instrument by reduce-only market
 * orders (`<basket>-u1`, …) the engine sends itself through the same router, so they are sliced and gated
 * like everything else (REDUCING lets them through; HALTED refuses them and the basket reports
 * `unwound: false`). Events: BasketSubmitted, BasketUnwindStarted, BasketCompleted / BasketFailed. A leg's
 * bracket is not armed: a basket's legs are its own exits.
 */
export class BasketBook {
  private readonly baskets = new Map<string, Basket>();
  private readonly byOrder = new Map<string, Basket>();
  private readonly journal: OrderJournal;
  private readonly router: OrderRouter;
  private readonly instruments: InstrumentProvider;
  private readonly clock: Clock;

  constructor(options: BasketBookOptions) {
    this.journal = options.journal;
    this.router = options.router;
    this.instruments = options.instruments;
    this.clock = options.clock;
  }

  get size(): number {
    return this.baskets.size;
  }

  has(basketId: string): boolean {
    return this.baskets.has(basketId);
  }

  /** Check every leg first (instrument, trading state): one refused leg denies them all and fails the basket before anything is sent. */
  submit(approved: ApprovedBasket): void {
    const { basket } = approved;
    const nowMs = this.clock.nowMs();
    const legs = approved.legs.map((trade: ApprovedTrade) => orderOfTrade(trade, nowMs));
    const refusals = legs.map((order) => this.router.refusalOf(order));
    const refused = refusals.findIndex((reason) => reason !== undefined);
    if (refused >= 0) {
      const reason = `leg ${legs[refused]!.clientOrderId} refused: ${refusals[refused]!}`;
      for (const order of legs) this.router.deny(order, reason, approved.decisionId);
      this.note(basket.basketId, 'BasketFailed', { basketId: basket.basketId, reason, unwound: true, unwindOrders: [] }, approved);
      return;
    }
    const state: Basket = {
      approved, legIds: legs.map((order) => order.clientOrderId), deadlineMs: nowMs + basket.timeoutMs, phase: 'working', reason: '', unwindIds: [], placing: false,
    };
    this.baskets.set(basket.basketId, state);
    for (const id of state.legIds) this.byOrder.set(id, state);
    this.note(basket.basketId, 'BasketSubmitted', {
      basketId: basket.basketId, accountId: basket.accountId, legs: state.legIds, timeoutMs: basket.timeoutMs, deadlineMs: state.deadlineMs,
    }, approved);
    for (const order of legs) {
      if (state.phase !== 'working') break; // a leg already failed it: the rest are never sent
      this.router.place(order, approved.decisionId);
    }
    this.evaluate(state);
  }

  /** A top-level order changed: a leg or an unwind order of some basket. */
  changed(order: Order): void {
    const state = this.byOrder.get(order.clientOrderId);
    if (state !== undefined) this.evaluate(state);
  }

  /** Fail baskets whose deadline passed with legs unfilled. */
  sweep(nowMs: number): void {
    for (const state of this.baskets.values()) {
      if (state.phase !== 'working' || nowMs < state.deadlineMs) continue;
      const unfilled = state.legIds.map((id) => this.journal.registry.get(id)).find((leg) => leg !== undefined && leg.status !== 'FILLED');
      const detail = unfilled === undefined ? '' : `: leg ${unfilled.clientOrderId} filled ${unfilled.filledQuantity} of ${unfilled.quantity}`;
      this.fail(state, `timeout after ${state.approved.basket.timeoutMs} ms${detail}`);
    }
  }

  private evaluate(state: Basket): void {
    if (state.placing || state.phase === 'done') return;
    const registry = this.journal.registry;
    if (state.phase === 'working') {
      let filled = 0;
      for (const id of state.legIds) {
        const leg = registry.get(id);
        if (leg === undefined || isOpenStatus(leg.status)) continue;
        if (leg.status === 'FILLED') filled += 1;
        else return this.fail(state, `leg ${id} ${leg.status.toLowerCase()}${leg.reason !== undefined ? `: ${leg.reason}` : ''}`);
      }
      if (filled === state.legIds.length) this.finish(state, 'BasketCompleted');
      return;
    }
    if (state.phase === 'unwinding') {
      if (state.legIds.some((id) => registry.entry(id)?.open === true)) return; // wait until every leg is closed
      state.phase = 'flattening';
      state.placing = true;
      try {
        this.flatten(state);
      } finally {
        state.placing = false;
      }
    }
    if (state.phase === 'flattening' && !state.unwindIds.some((id) => registry.entry(id)?.open === true)) {
      const unwound = state.unwindIds.every((id) => registry.get(id)?.status === 'FILLED');
      this.finish(state, 'BasketFailed');
      this.note(state.approved.basket.basketId, 'BasketFailed', {
        basketId: state.approved.basket.basketId, reason: state.reason, unwound, unwindOrders: state.unwindIds,
      }, state.approved);
    }
  }

  private fail(state: Basket, reason: string): void {
    if (state.phase !== 'working') return;
    state.phase = 'unwinding';
    state.reason = reason;
    const basketId = state.approved.basket.basketId;
    this.note(basketId, 'BasketUnwindStarted', { basketId, reason }, state.approved);
    for (const id of state.legIds) {
      const entry = this.journal.registry.entry(id);
      if (entry?.open === true) this.router.cancel(entry, `basket ${basketId} failed: ${reason}`, 'basket');
    }
    this.evaluate(state);
  }

  /** One reduce-only market order per instrument for the net quantity the legs filled. */
  private flatten(state: Basket): void {
    const registry = this.journal.registry;
    const { basket } = state.approved;
    const netUnits = new Map<string, number>();
    const template = new Map<string, Order>();
    for (const id of state.legIds) {
      const leg = registry.get(id);
      const instrument = leg === undefined ? undefined : this.instruments.get(leg.instrumentId);
      if (leg === undefined || instrument === undefined || !(leg.filledQuantity > 0)) continue;
      const units = sideSign(leg.side) * toUnits(leg.filledQuantity, instrument.quantityPrecision);
      netUnits.set(leg.instrumentId, (netUnits.get(leg.instrumentId) ?? 0) + units);
      if (!template.has(leg.instrumentId)) template.set(leg.instrumentId, leg);
    }
    const nowMs = this.clock.nowMs();
    for (const [instrumentId, units] of netUnits) {
      if (units === 0) continue;
      const leg = template.get(instrumentId)!;
      const precision = this.instruments.get(instrumentId)!.quantityPrecision;
      const clientOrderId = clientOrderIdOf(basket.basketId, `u${state.unwindIds.length + 1}`);
      const order: Order = {
        clientOrderId, intentId: basket.basketId, accountId: basket.accountId, strategyId: leg.strategyId, instrumentId,
        side: units > 0 ? 'SELL' : 'BUY', type: 'MARKET', quantity: fromUnits(Math.abs(units), precision), timeInForce: 'GTC',
        status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0, correlationId: basket.correlationId, reduceOnly: true,
        createdTs: nowMs, updatedTs: nowMs,
      };
      state.unwindIds.push(clientOrderId);
      this.byOrder.set(clientOrderId, state);
      this.router.place(order, state.approved.decisionId);
    }
  }

  private finish(state: Basket, type: 'BasketCompleted' | 'BasketFailed'): void {
    const basketId = state.approved.basket.basketId;
    state.phase = 'done';
    this.baskets.delete(basketId);
    for (const id of state.legIds) this.byOrder.delete(id);
    for (const id of state.unwindIds) this.byOrder.delete(id);
    if (type === 'BasketCompleted') this.note(basketId, 'BasketCompleted', { basketId }, state.approved);
  }

  private note<T extends 'BasketSubmitted' | 'BasketCompleted' | 'BasketFailed' | 'BasketUnwindStarted'>(
    basketId: string, type: T, payload: EventPayloads[T], approved: ApprovedBasket,
  ): void {
    this.journal.note(type, payload, basketId, approved.basket.correlationId, approved.decisionId, `basket:${basketId}:${STEP[type]}`);
  }
}
