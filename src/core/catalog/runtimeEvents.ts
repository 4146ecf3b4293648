import type { Timeframe } from '../market.js';

/** The live node's own life: exchange sessions, the strategies it runs and its broker session. */
export const TIME_REGIMES = ['OPEN', 'EARLY', 'MID', 'LATE', 'CLOSE', 'CLOSED'] as const;
export type TimeRegime = (typeof TIME_REGIMES)[number];

export interface RuntimeEventPayloads {
  /** An exchange moved from one time regime to the next (CLOSED outside its session). */
  SessionRegimeChanged: {
    readonly exchange: string;
    readonly from: TimeRegime | 'UNKNOWN';
    readonly to: TimeRegime;
    /** Exchange-local date of the session, when inside one. */
    readonly sessionDate?: string;
  };
  /** A strategy instance joined the node's catalog (`by`/`reason`: who and why); `params` as given, validated by its schema. */
  StrategyRegistered: { readonly strategyId: string; readonly strategy: string; readonly instrumentIds: readonly string[]; readonly timeframe: Timeframe; readonly params: Readonly<Record<string, string | number | boolean>>; readonly active: boolean; readonly by: string; readonly reason: string };
  StrategyActivated: { readonly strategyId: string; readonly by: string; readonly reason: string };
  StrategyDeactivated: { readonly strategyId: string; readonly by: string; readonly reason: string };
  /** New parameters (all of them, and the ones they replace); the running instance is rebuilt, so its indicators restart. */
  StrategyParametersChanged: { readonly strategyId: string; readonly params: Readonly<Record<string, string | number | boolean>>; readonly previous: Readonly<Record<string, string | number | boolean>>; readonly by: string; readonly reason: string };
  /** The broker refused our session (expired or invalid token): no new order is sent until it is restored. */
  BrokerSessionExpired: { readonly broker: string; readonly reason: string };
  /** The broker accepted a fresh token: orders flow again. */
  BrokerSessionRestored: { readonly broker: string };
}

export const RUNTIME_EVENT_VERSIONS: Readonly<Record<keyof RuntimeEventPayloads, number>> = {
  SessionRegimeChanged: 1,
  StrategyRegistered: 1,
  StrategyActivated: 1,
  StrategyDeactivated: 1,
  StrategyParametersChanged: 1,
  BrokerSessionExpired: 1,
  BrokerSessionRestored: 1,
};
