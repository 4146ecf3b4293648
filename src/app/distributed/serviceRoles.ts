import type { LockstepPhase } from './lockstepPhase.js';

/** The services of a distributed deployment (`fortress service <name>`). */
export const SERVICE_NAMES = ['market-data', 'strategy', 'risk', 'execution', 'portfolio', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The engines of the node's graph; a service starts some of them (`views`: the portfolio and order folds, read-only). */
export const ENGINE_NAMES = ['data', 'portfolio', 'views', 'execution', 'risk', 'decision', 'strategies'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The stream families of the transport (event catalog families plus `market`). */
export type ConsumedFamily = 'signal' | 'risk' | 'order' | 'portfolio' | 'runtime' | 'system' | 'market';

export interface ServiceRole {
  /** Engines started (in the graph's start order). */
  readonly engines: readonly EngineName[];
  /** Stream families read (its consumer group is named after the service). */
  readonly consumes: readonly ConsumedFamily[];
  /** Takes a share (`--partition i/n`) of the market partitions rather than all of them. */
  readonly partitioned: boolean;
  /** Lockstep phase in which a bar goes on this service's bus. */
  readonly publishOn: LockstepPhase;
  /** Holds the paper broker (its simulated market sees bars in the `fill` phase). */
  readonly simulatedMarket: boolean;
}

/**
 * Who runs what and reads what. Risk holds the decision engine too (sizing needs the same portfolio and order
 * views the rules read) and folds the portfolio and order events it consumes into those views; execution
 * holds the paper broker. A service's replay clock moves with the bars it reads and the events it consumes.
 */
export const SERVICE_ROLES: Readonly<Record<ServiceName, ServiceRole>> = {
  'market-data': { engines: [], consumes: [], partitioned: false, publishOn: 'mark', simulatedMarket: false },
  strategy: { engines: ['data', 'strategies'], consumes: ['market', 'runtime'], partitioned: true, publishOn: 'signal', simulatedMarket: false },
  risk: { engines: ['views', 'risk', 'decision'], consumes: ['market', 'signal', 'order', 'portfolio', 'runtime'], partitioned: false, publishOn: 'mark', simulatedMarket: false },
  execution: { engines: ['execution'], consumes: ['market', 'signal', 'risk'], partitioned: false, publishOn: 'mark', simulatedMarket: true },
  // No market data: positions and cash are a fold of fills alone (marks only feed equity, which it does not emit), and in
  // a replay its clock follows the fills' time. That spares a consumer of the heaviest streams.
  portfolio: { engines: ['portfolio'], consumes: ['order'], partitioned: false, publishOn: 'mark', simulatedMarket: false },
  // The HTTP API's views (orders, positions, trading state, catalog) folded from every event family but market data:
  // positions and cash are a fold of fills, as in the portfolio service (see ApiService).
  api: { engines: ['views'], consumes: ['signal', 'risk', 'order', 'portfolio', 'runtime', 'system'], partitioned: false, publishOn: 'mark', simulatedMarket: false },
};

/** Services a lockstep replay waits for before its first bar (their groups must exist to be waited on). */
export const LOCKSTEP_SERVICES: readonly ServiceName[] = ['strategy', 'risk', 'execution', 'portfolio'];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
