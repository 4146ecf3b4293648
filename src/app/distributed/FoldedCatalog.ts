import { ControlError } from '../../api/index.js';
import type { AnyEvent } from '../../core/index.js';
import { StrategyCatalogFold, type StrategyCatalog, type StrategyView } from '../../strategy/index.js';

/** The commands the catalog view refuses (the strategy services own the catalog). */
export const SINGLE_PROCESS_ONLY = 'runs in the single process only (fortress start)';

/**
 * The strategy catalog as the api service of a deployment sees it: a fold of the catalog's events read from the
 * streams. An active strategy counts as running (its strategy service runs it). Changes are the strategy
 * services' and are refused here: the API answers them 501 before they reach this (see ApiService).
 */
export class FoldedCatalog implements Pick<StrategyCatalog, 'list' | 'get' | 'register' | 'activate' | 'deactivate' | 'setParameters'> {
  private readonly fold = new StrategyCatalogFold();

  apply(event: AnyEvent): void {
    this.fold.apply(event);
  }

  list(): StrategyView[] {
    return this.fold.list().map((record) => ({ ...record, running: record.active }));
  }

  get(strategyId: string): StrategyView | undefined {
    const record = this.fold.get(strategyId);
    return record === undefined ? undefined : { ...record, running: record.active };
  }

  register(): StrategyView {
    return refuse('registering a strategy');
  }

  activate(): StrategyView {
    return refuse('activating a strategy');
  }

  deactivate(): StrategyView {
    return refuse('deactivating a strategy');
  }

  setParameters(): StrategyView {
    return refuse('changing a strategy\u2019s parameters');
  }
}

function refuse(what: string): never {
  throw new ControlError('UNAVAILABLE', `${what} ${SINGLE_PROCESS_ONLY}`);
}
