import type { RiskRejectionInfo } from '../../api/index.js';
import type { AnyEvent } from '../../core/index.js';

/** How many recent rejections are kept (newest first when read). */
export const RECENT_REJECTIONS = 50;

interface Rejection {
  readonly tsMs: number;
  readonly rule: string;
  readonly reason: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly correlationId: string;
}

/**
 * The risk engine's refusals as the dashboard shows them: the last RECENT_REJECTIONS (RiskRejected and
 * BasketRejected, a bounded ring) and a count per rule since the node started (or since the log it folded).
 * Rejections are rare next to bars, so each is kept as a small object; nothing else is allocated.
 */
export class RejectionLog {
  private readonly ring: (Rejection | undefined)[] = new Array<Rejection | undefined>(RECENT_REJECTIONS).fill(undefined);
  private next = 0;
  private size = 0;
  private readonly byRule = new Map<string, number>();

  /** Fold one event (others are ignored). */
  apply(event: AnyEvent): void {
    if (event.type === 'RiskRejected') {
      const p = event.payload;
      this.add({ tsMs: event.ts, rule: p.rule, reason: p.reason, instrumentId: p.instrumentId, strategyId: p.strategyId, correlationId: event.correlationId });
    } else if (event.type === 'BasketRejected') {
      const p = event.payload;
      const leg = p.basket.legs[p.legIndex];
      this.add({
        tsMs: event.ts, rule: p.rule, reason: `basket ${p.basketId} leg ${p.legIndex}: ${p.reason}`,
        instrumentId: leg?.instrumentId ?? '', strategyId: leg?.strategyId ?? '', correlationId: event.correlationId,
      });
    }
  }

  /** Newest first. */
  recent(): RiskRejectionInfo[] {
    const out: RiskRejectionInfo[] = [];
    for (let i = 1; i <= this.size; i++) {
      const r = this.ring[(this.next - i + RECENT_REJECTIONS) % RECENT_REJECTIONS]!;
      out.push({ ts: new Date(r.tsMs).toISOString(), rule: r.rule, reason: r.reason, instrumentId: r.instrumentId, strategyId: r.strategyId, correlationId: r.correlationId });
    }
    return out;
  }

  countsByRule(): Record<string, number> {
    return Object.fromEntries(this.byRule);
  }

  private add(rejection: Rejection): void {
    this.ring[this.next] = rejection;
    this.next = (this.next + 1) % RECENT_REJECTIONS;
    if (this.size < RECENT_REJECTIONS) this.size += 1;
    this.byRule.set(rejection.rule, (this.byRule.get(rejection.rule) ?? 0) + 1);
  }
}
