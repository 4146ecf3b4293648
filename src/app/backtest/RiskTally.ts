import type { MessageBus } from '../../bus/index.js';

export interface RiskSummary {
  readonly approved: number;
  readonly rejected: number;
  readonly byRule: Readonly<Record<string, number>>;
}

/** Counts risk decisions off the bus for `result.json` (`risk: { approved, rejected, byRule }`). */
export class RiskTally {
  private approved = 0;
  private rejected = 0;
  private readonly byRule = new Map<string, number>();

  constructor(bus: MessageBus) {
    bus.subscribe('RiskApproved', () => {
      this.approved++;
    });
    bus.subscribe('RiskRejected', (event) => {
      this.rejected++;
      this.byRule.set(event.payload.rule, (this.byRule.get(event.payload.rule) ?? 0) + 1);
    });
  }

  summary(): RiskSummary {
    const byRule: Record<string, number> = {};
    for (const rule of [...this.byRule.keys()].sort()) byRule[rule] = this.byRule.get(rule)!;
    return { approved: this.approved, rejected: this.rejected, byRule };
  }
}
