export interface RiskRejection {
  readonly intentId: string;
  readonly signalId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly rule: string;
  /** The configured limit, as written in the configuration. */
  readonly limit: number | string;
  /** The value the rule observed. */
  readonly observed: number | string;
  readonly reason: string;
}

/** Risk decisions and the risk engine's own state. */
export interface RiskEventPayloads {
  RiskApproved: { readonly intentId: string; readonly decisionId: string; readonly quantity: number; readonly resizedBy?: string };
  RiskRejected: RiskRejection;
}

export const RISK_EVENT_VERSIONS: Readonly<Record<keyof RiskEventPayloads, number>> = {
  RiskApproved: 1,
  RiskRejected: 1,
};
