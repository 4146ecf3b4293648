import type { BasketIntent, TradeIntent } from '../intent.js';

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

/** ACTIVE trades normally, REDUCING lets only exposure-reducing intents through, HALTED rejects everything. */
export type TradingStateName = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** One approved leg of a basket, as the risk engine minted it. */
export interface ApprovedLeg {
  readonly intent: TradeIntent;
  readonly quantity: number;
  readonly decisionId: string;
}

/** Risk decisions and the risk engine's own state. */
export interface RiskEventPayloads {
  /**
   * `signature`: set in a distributed deployment only, where the approval crosses processes: an HMAC over the
   * approval and its intent with the deployment's shared key, checked by the execution service before it acts.
   */
  RiskApproved: { readonly intentId: string; readonly decisionId: string; readonly quantity: number; readonly resizedBy?: string; readonly signature?: string };
  RiskRejected: RiskRejection;
  /** Every change of the trading state; `by` is who or what caused it (an operator, a rule that tripped, the kill switch). */
  TradingStateChanged: {
    readonly from: TradingStateName;
    readonly to: TradingStateName;
    readonly by: string;
    readonly reason: string;
    /** Whether open orders were asked to be canceled with it (the kill switch, a trip to HALTED). */
    readonly cancelOpenOrders: boolean;
    readonly accountId?: string;
  };
  /** An account-wide limit (daily loss, drawdown, exposure) observed broken; `action` is the state it trips to. */
  RiskLimitBreached: {
    readonly rule: string;
    readonly accountId: string;
    readonly limit: number | string;
    readonly observed: number | string;
    readonly action: TradingStateName;
    readonly reason: string;
  };
  /** The running configuration changed (hot reload, an operator); `changes` lists `key: old → new`. */
  RiskConfigChanged: { readonly source: string; readonly changes: readonly string[] };
  /** Every leg passed, evaluated as if the earlier legs were approved; all legs go to execution together. */
  BasketApproved: { readonly basketId: string; readonly accountId: string; readonly decisionId: string; readonly legs: readonly ApprovedLeg[] };
  /** One leg failed a rule, so no leg was approved. */
  BasketRejected: {
    readonly basketId: string;
    readonly accountId: string;
    readonly legIndex: number;
    readonly intentId: string;
    readonly rule: string;
    readonly limit: number | string;
    readonly observed: number | string;
    readonly reason: string;
    readonly basket: BasketIntent;
  };
}

export const RISK_EVENT_VERSIONS: Readonly<Record<keyof RiskEventPayloads, number>> = {
  RiskApproved: 1,
  RiskRejected: 1,
  TradingStateChanged: 1,
  RiskLimitBreached: 1,
  RiskConfigChanged: 1,
  BasketApproved: 1,
  BasketRejected: 1,
};
