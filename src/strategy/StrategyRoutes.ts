import type { BarSubscription } from '../bus/index.js';
import type { Timeframe } from '../core/index.js';
import type { StrategySlot } from './StrategySlot.js';

/**
 * Which strategies receive which bars and ticks: instrumentId → timeframe → slots, and instrumentId → slots
 * taking ticks. Lookups allocate nothing; the arrays are replaced on add/remove (rare), never mutated, so a
 * dispatch in progress keeps iterating a consistent list.
 */
export class StrategyRoutes {
  private readonly bars = new Map<string, Map<Timeframe, readonly StrategySlot[]>>();
  private readonly ticks = new Map<string, readonly StrategySlot[]>();

  /** Route a slot's subscriptions; returns them without duplicates. */
  add(slot: StrategySlot): BarSubscription[] {
    const added: BarSubscription[] = [];
    for (const { instrumentId, timeframe } of slot.strategy.subscriptions) {
      let byTimeframe = this.bars.get(instrumentId);
      if (byTimeframe === undefined) this.bars.set(instrumentId, (byTimeframe = new Map()));
      const routed = byTimeframe.get(timeframe) ?? [];
      if (routed.includes(slot)) continue;
      byTimeframe.set(timeframe, [...routed, slot]);
      added.push({ instrumentId, timeframe });
    }
    if (slot.strategy.onTick !== undefined) {
      for (const instrumentId of slot.instrumentIds) {
        const routed = this.ticks.get(instrumentId) ?? [];
        if (!routed.includes(slot)) this.ticks.set(instrumentId, [...routed, slot]);
      }
    }
    return added;
  }

  /**
   * Put `next` where `old` was: in every list both are routed to it takes `old`'s place (dispatch order is kept),
   * lists only `old` wanted lose it, and `next`'s other subscriptions are added. Returns those new subscriptions.
   */
  replace(old: StrategySlot, next: StrategySlot): BarSubscription[] {
    const swap = (routed: readonly StrategySlot[], keep: boolean): readonly StrategySlot[] =>
      keep ? routed.map((s) => (s === old ? next : s)) : routed.filter((s) => s !== old);
    for (const [instrumentId, byTimeframe] of this.bars) {
      for (const [timeframe, routed] of byTimeframe) {
        if (!routed.includes(old)) continue;
        const rest = swap(routed, next.strategy.subscriptions.some((s) => s.instrumentId === instrumentId && s.timeframe === timeframe));
        if (rest.length > 0) byTimeframe.set(timeframe, rest);
        else byTimeframe.delete(timeframe);
      }
      if (byTimeframe.size === 0) this.bars.delete(instrumentId);
    }
    for (const [instrumentId, routed] of this.ticks) {
      if (!routed.includes(old)) continue;
      const rest = swap(routed, next.strategy.onTick !== undefined && next.instrumentIds.has(instrumentId));
      if (rest.length > 0) this.ticks.set(instrumentId, rest);
      else this.ticks.delete(instrumentId);
    }
    return this.add(next);
  }

  remove(slot: StrategySlot): void {
    for (const [instrumentId, byTimeframe] of this.bars) {
      for (const [timeframe, routed] of byTimeframe) {
        const rest = routed.filter((s) => s !== slot);
        if (rest.length > 0) byTimeframe.set(timeframe, rest);
        else byTimeframe.delete(timeframe);
      }
      if (byTimeframe.size === 0) this.bars.delete(instrumentId);
    }
    for (const [instrumentId, routed] of this.ticks) {
      const rest = routed.filter((s) => s !== slot);
      if (rest.length > 0) this.ticks.set(instrumentId, rest);
      else this.ticks.delete(instrumentId);
    }
  }

  barSlots(instrumentId: string, timeframe: Timeframe): readonly StrategySlot[] | undefined {
    return this.bars.get(instrumentId)?.get(timeframe);
  }

  tickSlots(instrumentId: string): readonly StrategySlot[] | undefined {
    return this.ticks.get(instrumentId);
  }
}
