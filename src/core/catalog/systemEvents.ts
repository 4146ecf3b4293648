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
}

export const SYSTEM_EVENT_VERSIONS: Readonly<Record<keyof SystemEventPayloads, number>> = {
  ErrorRaised: 1,
  ReconciliationMismatch: 1,
  ReconciliationResolved: 1,
};
