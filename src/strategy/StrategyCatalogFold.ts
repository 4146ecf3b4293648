import type { AnyEvent, Timeframe } from '../core/index.js';
import type { StrategyParams } from './strategySpec.js';

/** One strategy of the node's catalog, as its events made it. */
export interface StrategyRecord {
  readonly strategyId: string;
  /** The StrategyRegistry name it is built from. */
  readonly strategy: string;
  readonly instrumentIds: readonly string[];
  readonly timeframe: Timeframe;
  readonly params: StrategyParams;
  readonly active: boolean;
  readonly registeredMs: number;
  readonly updatedMs: number;
  /** Who made the last change, and why. */
  readonly by: string;
  readonly reason: string;
}

/**
 * The strategy catalog as a fold of its events: StrategyRegistered adds a record (the first registration of an
 * id wins), StrategyActivated / StrategyDeactivated flip `active`, StrategyParametersChanged replaces `params`.
 * Replaying the same log gives the same strategies, parameters and active flags, in registration order.
 */
export class StrategyCatalogFold {
  private readonly records = new Map<string, StrategyRecord>();

  get(strategyId: string): StrategyRecord | undefined {
    return this.records.get(strategyId);
  }

  /** In registration order. */
  list(): StrategyRecord[] {
    return [...this.records.values()];
  }

  /** Fold one event; returns the record it changed (undefined: not a catalog event, or about an unknown or known id it cannot change). */
  apply(event: AnyEvent): StrategyRecord | undefined {
    switch (event.type) {
      case 'StrategyRegistered': {
        const p = event.payload;
        if (this.records.has(p.strategyId)) return undefined;
        const record: StrategyRecord = {
          strategyId: p.strategyId, strategy: p.strategy, instrumentIds: p.instrumentIds, timeframe: p.timeframe, params: p.params,
          active: p.active, registeredMs: event.ts, updatedMs: event.ts, by: p.by, reason: p.reason,
        };
        this.records.set(p.strategyId, record);
        return record;
      }
      case 'StrategyActivated':
      case 'StrategyDeactivated':
        return this.update(event.payload.strategyId, { active: event.type === 'StrategyActivated', ...audit(event.payload, event.ts) });
      case 'StrategyParametersChanged':
        return this.update(event.payload.strategyId, { params: event.payload.params, ...audit(event.payload, event.ts) });
      default:
        return undefined;
    }
  }

  private update(strategyId: string, change: Partial<StrategyRecord>): StrategyRecord | undefined {
    const record = this.records.get(strategyId);
    if (record === undefined) return undefined;
    const next = { ...record, ...change };
    this.records.set(strategyId, next);
    return next;
  }
}

function audit(payload: { readonly by: string; readonly reason: string }, ts: number): Pick<StrategyRecord, 'by' | 'reason' | 'updatedMs'> {
  return { by: payload.by, reason: payload.reason, updatedMs: ts };
}
