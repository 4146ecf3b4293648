/** One way the event log's view and the broker's view disagree. */
export interface ReconciliationDifference {
  readonly kind: 'order-open-only-in-log' | 'order-open-only-at-broker' | 'order-fill-differs' | 'position-differs';
  readonly accountId: string;
  readonly instrumentId: string;
  readonly clientOrderId?: string;
  /** The quantity the log holds (open order remaining, filled, or net position). */
  readonly log: number;
  /** The quantity the broker holds. */
  readonly broker: number;
}

/** Errors and the node's own life. */
export interface SystemEventPayloads {
  ErrorRaised: { readonly component: string; readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
  /** At start the log and the broker disagreed: trading does not start until each difference is resolved. */
  ReconciliationMismatch: { readonly broker: string; readonly differences: readonly ReconciliationDifference[] };
  /** An operator resolved the differences (`adopt: 'log'`: the broker was set to the log's view). */
  ReconciliationResolved: { readonly broker: string; readonly adopt: 'log' | 'broker'; readonly differences: readonly ReconciliationDifference[]; readonly by: string };
  /**
   * Audit: a person (or a script's API key) changed something through the API, or tried to log in. `action`
   * names the call (`POST /strategies/:strategyId/deactivate`, `login`), `target` what it acted on, `outcome`
   * the HTTP status it got.
   */
  UserActionRecorded: {
    readonly username: string;
    readonly role: string;
    readonly via: string;
    readonly action: string;
    readonly target: string;
    readonly outcome: number;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

export const SYSTEM_EVENT_VERSIONS: Readonly<Record<keyof SystemEventPayloads, number>> = {
  ErrorRaised: 1,
  ReconciliationMismatch: 1,
  ReconciliationResolved: 1,
  UserActionRecorded: 1,
};
