import { isOpenStatus, oppositeSide, toUnits, fromUnits } from '../core/index.js';
import type { BracketSpec, Clock, EventPayloads, InstrumentProvider, Logger, Order } from '../core/index.js';
import { clientOrderIdOf } from './clientOrderId.js';
import type { OrderJournal } from './OrderJournal.js';
import type { OrderRouter } from './OrderRouter.js';

type Role = 'TAKE_PROFIT' | 'STOP_LOSS';
type ChildSpec = EventPayloads['BracketChildrenActivated']['children'][number];

interface Bracket {
  readonly entryId: string;
  readonly spec: BracketSpec;
  readonly roles: readonly Role[];
  /** Child ids per role, oldest first. */
  readonly children: Readonly<Record<Role, string[]>>;
  /** Children this bracket canceled itself (OCO), whose cancel does not disarm it. */
  readonly ownCancels: Set<string>;
  armed: boolean;
  busy: boolean;
  dirty: boolean;
}

const SUFFIX: Readonly<Record<Role, string>> = { TAKE_PROFIT: 'tp', STOP_LOSS: 'sl' };
const MAX_PASSES = 8;

export interface BracketBookOptions {
  readonly journal: OrderJournal;
  readonly router: OrderRouter;
  readonly instruments: InstrumentProvider;
  readonly clock: Clock;
  readonly log: Logger;
  readonly canModify: boolean;
}

/**
 * Emulated brackets. Children go live only for what the entry has filled: on each entry fill each side's
 * working quantity is brought up to the open position (entry filled − children filled, in whole lots) by an
 * extra child order (`<intent>-tp`, then `-tp2`, …): adding orders rather than modifying works with every
 * broker and with sliced children, and keeps each child's id idempotent. OCO: when a child fills (even in
 * part) the other side is brought down to the same position by modifying its newest child down (or
 * canceling it), so the two sides never fill more than the entry. One idempotent `rebalance` does both,
 * after any change of the entry or a child. A child canceled, rejected or expired by anyone but the bracket
 * (or denied by the trading gate) disarms it: no more children are added, OCO goes on.
 */
export class BracketBook {
  private readonly byEntry = new Map<string, Bracket>();
  private readonly byChild = new Map<string, Bracket>();
  private readonly journal: OrderJournal;
  private readonly router: OrderRouter;
  private readonly instruments: InstrumentProvider;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly canModify: boolean;

  constructor(options: BracketBookOptions) {
    this.journal = options.journal;
    this.router = options.router;
    this.instruments = options.instruments;
    this.clock = options.clock;
    this.log = options.log;
    this.canModify = options.canModify;
  }

  get size(): number {
    return this.byEntry.size;
  }

  /** Watch an entry order (already placed) whose children go live as it fills. */
  arm(entryId: string, spec: BracketSpec): void {
    const roles: Role[] = [];
    if (spec.takeProfitPrice !== undefined) roles.push('TAKE_PROFIT');
    if (spec.stopLossPrice !== undefined || spec.trailingOffset !== undefined) roles.push('STOP_LOSS');
    if (roles.length === 0) return;
    const bracket: Bracket = {
      entryId, spec, roles, children: { TAKE_PROFIT: [], STOP_LOSS: [] }, ownCancels: new Set(), armed: true, busy: false, dirty: false,
    };
    this.byEntry.set(entryId, bracket);
    this.rebalance(bracket);
  }

  /** A top-level order changed (an entry, a child, or a sliced child's parent). */
  changed(order: Order): void {
    const asEntry = this.byEntry.get(order.clientOrderId);
    if (asEntry !== undefined) {
      this.rebalance(asEntry);
      return;
    }
    const bracket = this.byChild.get(order.clientOrderId);
    if (bracket === undefined) return;
    if (!isOpenStatus(order.status) && order.status !== 'FILLED' && !bracket.ownCancels.has(order.clientOrderId)) {
      this.disarm(bracket, `child ${order.clientOrderId} ${order.status.toLowerCase()}${order.reason !== undefined ? `: ${order.reason}` : ''}`);
    }
    this.rebalance(bracket);
  }

  /** Stop adding children to the brackets of an account (or all): cancel-all and halts. OCO goes on. */
  disarmAll(accountId: string | undefined, reason: string): void {
    for (const bracket of this.byEntry.values()) {
      if (!bracket.armed) continue;
      if (accountId === undefined || this.journal.registry.get(bracket.entryId)?.accountId === accountId) this.disarm(bracket, reason);
    }
  }

  private disarm(bracket: Bracket, reason: string): void {
    if (!bracket.armed) return;
    bracket.armed = false;
    const entry = this.journal.registry.entry(bracket.entryId);
    if (entry === undefined) return;
    this.journal.note('BracketDisarmed', { entryId: bracket.entryId, reason }, entry.order.instrumentId, entry.order.correlationId, entry.lastEventId,
      `bracket:${bracket.entryId}:disarmed`);
  }

  /** Bring both sides to the open position; re-entrant calls (reports arriving inside a broker call) run as one more pass. */
  private rebalance(bracket: Bracket): void {
    if (bracket.busy) {
      bracket.dirty = true;
      return;
    }
    bracket.busy = true;
    try {
      let passes = 0;
      do {
        bracket.dirty = false;
        this.pass(bracket);
      } while (bracket.dirty && ++passes < MAX_PASSES);
    } finally {
      bracket.busy = false;
    }
  }

  private pass(bracket: Bracket): void {
    const registry = this.journal.registry;
    const entryEntry = registry.entry(bracket.entryId);
    if (entryEntry === undefined) return;
    const entry = entryEntry.order;
    const instrument = this.instruments.get(entry.instrumentId);
    if (instrument === undefined) return;
    const qp = instrument.quantityPrecision;
    const lotUnits = toUnits(instrument.lotSize, qp);
    let closedUnits = 0;
    for (const role of bracket.roles) {
      for (const id of bracket.children[role]) closedUnits += toUnits(registry.get(id)?.filledQuantity ?? 0, qp);
    }
    const openUnits = toUnits(entry.filledQuantity, qp) - closedUnits;
    if (openUnits < 0) this.log.error({ entryId: bracket.entryId, openUnits }, 'bracket children filled more than the entry');
    const targetUnits = Math.max(0, openUnits - (openUnits % lotUnits));
    const activated: ChildSpec[] = [];
    let working = false;
    for (const role of bracket.roles) {
      const leavesUnits = this.adjust(bracket, role, targetUnits, qp);
      if (leavesUnits < targetUnits && bracket.armed) {
        const child = this.addChild(bracket, entry, role, fromUnits(targetUnits - leavesUnits, qp));
        if (child !== undefined) activated.push(child);
      }
      for (const id of bracket.children[role]) if (registry.entry(id)?.open === true) working = true;
    }
    if (activated.length > 0) {
      this.journal.note('BracketChildrenActivated', { entryId: bracket.entryId, entryFilledQuantity: entry.filledQuantity, children: activated },
        entry.instrumentId, entry.correlationId, entryEntry.lastEventId, `bracket:${bracket.entryId}:activated:${activated.map((c) => c.clientOrderId).join(',')}`);
    }
    const settled = !isOpenStatus(entry.status) && !working && (targetUnits === 0 || !bracket.armed);
    if (settled) this.forget(bracket);
  }

  /**
   * Bring one side's working quantity down to `targetUnits`; returns what works on that side afterwards,
   * counting a child whose cancel or replace is not answered yet at its old size (so nothing is added
   * beside it until the broker confirms).
   */
  private adjust(bracket: Bracket, role: Role, targetUnits: number, qp: number): number {
    const registry = this.journal.registry;
    const ids = bracket.children[role];
    let excessUnits = this.leaves(ids, qp) - targetUnits;
    for (let i = ids.length - 1; i >= 0 && excessUnits > 0; i--) {
      const entry = registry.entry(ids[i]!);
      if (entry === undefined || !entry.open) continue;
      const child = entry.order;
      const childLeaves = toUnits(child.quantity, qp) - toUnits(child.filledQuantity, qp);
      if (child.status === 'PENDING_CANCEL' || child.status === 'PENDING_REPLACE') continue; // answered later: another pass
      const modifiable = this.canModify && entry.slices === undefined && (child.status === 'ACCEPTED' || child.status === 'PARTIALLY_FILLED');
      if (childLeaves > excessUnits && modifiable) {
        if (this.router.replace(entry, { quantity: fromUnits(toUnits(child.quantity, qp) - excessUnits, qp) })) excessUnits = 0;
        continue;
      }
      bracket.ownCancels.add(child.clientOrderId);
      if (this.router.cancel(entry, `OCO: bracket ${bracket.entryId} position is ${fromUnits(targetUnits, qp)}`, 'bracket')) excessUnits -= childLeaves;
    }
    return this.leaves(ids, qp);
  }

  private leaves(ids: readonly string[], qp: number): number {
    let units = 0;
    for (const id of ids) {
      const child = this.journal.registry.get(id);
      if (child !== undefined && isOpenStatus(child.status)) units += toUnits(child.quantity, qp) - toUnits(child.filledQuantity, qp);
    }
    return units;
  }

  private addChild(bracket: Bracket, entry: Order, role: Role, quantity: number): ChildSpec | undefined {
    const ids = bracket.children[role];
    const part = ids.length === 0 ? SUFFIX[role] : `${SUFFIX[role]}${ids.length + 1}`;
    const clientOrderId = clientOrderIdOf(bracket.entryId, part);
    const nowMs = this.clock.nowMs();
    const { spec } = bracket;
    const prices = role === 'TAKE_PROFIT'
      ? { type: 'LIMIT' as const, limitPrice: spec.takeProfitPrice! }
      : spec.trailingOffset !== undefined
        ? { type: 'TRAILING_STOP' as const, trailingOffset: spec.trailingOffset, ...(spec.stopLossPrice !== undefined ? { stopPrice: spec.stopLossPrice } : {}) }
        : { type: 'STOP' as const, stopPrice: spec.stopLossPrice! };
    const child: Order = {
      clientOrderId, intentId: entry.intentId, accountId: entry.accountId, strategyId: entry.strategyId, instrumentId: entry.instrumentId,
      side: oppositeSide(entry.side), quantity, ...prices,
      timeInForce: entry.timeInForce === 'DAY' ? 'DAY' : 'GTC', status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
      correlationId: entry.correlationId, parentId: bracket.entryId, reduceOnly: true, createdTs: nowMs, updatedTs: nowMs,
    };
    ids.push(clientOrderId);
    this.byChild.set(clientOrderId, bracket);
    const outcome = this.router.place(child, this.journal.registry.lastEventId(bracket.entryId) ?? entry.correlationId);
    if (outcome === 'denied') {
      this.disarm(bracket, `child ${clientOrderId} denied: ${this.journal.registry.get(clientOrderId)?.reason ?? 'refused'}`);
      return undefined;
    }
    return { clientOrderId, role, quantity };
  }

  private forget(bracket: Bracket): void {
    this.byEntry.delete(bracket.entryId);
    for (const role of bracket.roles) for (const id of bracket.children[role]) this.byChild.delete(id);
  }
}
