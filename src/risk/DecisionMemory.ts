import { utcDayIndex } from './RiskState.js';

/**
 * The decisions of recent intents, so a redelivered intent gets its first decision back and changes
 * nothing (no second approval, no counter moved). Kept for the latest UTC day of `intent.ts` and the one
 * before it; older entries are dropped when a new day begins, which bounds the memory.
 */
export class DecisionMemory<D> {
  private current = new Map<string, D>();
  private previous = new Map<string, D>();
  private currentDay = Number.NEGATIVE_INFINITY;

  recall(intentId: string): D | undefined {
    return this.current.get(intentId) ?? this.previous.get(intentId);
  }

  remember(intentId: string, intentTs: number, decision: D): void {
    const day = utcDayIndex(intentTs);
    if (day > this.currentDay) {
      this.previous = day === this.currentDay + 1 ? this.current : new Map();
      this.current = new Map();
      this.currentDay = day;
    }
    this.current.set(intentId, decision);
  }
}
