import type { Order } from '../core/index.js';

/**
 * The registry's record of one order: the current (immutable) Order plus what the fold needs beside it. One
 * record per order, mutated in place, so an event costs one map lookup and no index updates; the Order
 * itself is replaced by `evolveOrder`, never mutated.
 */
export class OrderEntry {
  /** Id of the last event applied to the order: the causation id of whatever happens to it next. */
  lastEventId: string | undefined;
  /** Fill ids applied (one string for the common single fill), to drop a fill delivered twice. */
  fills: string | string[] | undefined = undefined;
  /** A broker call's outcome is unknown; `reconcile` (or a later report) settles it. */
  needsReconciliation = false;
  /** Listed in the registry's open set. */
  open = false;

  constructor(
    public order: Order,
    lastEventId: string | undefined,
    /** On a slice: the entry of the parent it belongs to. */
    readonly sliceParent: OrderEntry | undefined = undefined,
    /** On a sliced parent: its slices, in slice order (filled in right after construction). */
    readonly slices: OrderEntry[] | undefined = undefined,
  ) {
    this.lastEventId = lastEventId;
  }

  hasFill(fillId: string): boolean {
    const fills = this.fills;
    if (fills === undefined) return false;
    return typeof fills === 'string' ? fills === fillId : fills.includes(fillId);
  }

  addFill(fillId: string): void {
    const fills = this.fills;
    if (fills === undefined) this.fills = fillId;
    else if (typeof fills === 'string') this.fills = [fills, fillId];
    else fills.push(fillId);
  }

  fillIds(): readonly string[] {
    const fills = this.fills;
    return fills === undefined ? [] : typeof fills === 'string' ? [fills] : fills;
  }
}
