/**
 * The API's types, shared with the server (the dashboard speaks the same contract the routes serve).
 * Type-only: nothing of the server is bundled.
 */
export type {
  Actor,
  BacktestJob,
  BacktestRequest,
  ComponentStatus,
  ExecutionStatus,
  NodeStatus,
  OrderPage,
  ParamValue,
  Params,
  PortfolioSummary,
  PositionInfo,
  RiskRejectionInfo,
  RiskRuleInfo,
  RiskStatus,
  Role,
  StrategyInfo,
  TradingStateInfo,
  TradingStateName,
} from '../../../src/api/control.js';
export type { AnyEvent, EventType, Order, OrderStatus, StoredEvent } from '../../../src/core/index.js';
export type { ReportData, BacktestStatistics } from '../../../src/backtest/index.js';
export type { ApiKeyInfo, UserInfo } from '../../../src/api/auth/index.js';

/** What `POST /auth/api-keys` answers: the key's record and, this once, the key itself. */
export type NewApiKey = import('../../../src/api/auth/index.js').ApiKeyInfo & { readonly key: string };

/** What `POST /auth/login` answers. */
export interface LoginAnswer {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SessionUser;
}

export interface SessionUser {
  readonly username: string;
  readonly role: import('../../../src/api/control.js').Role;
}

/** A strategy kind that can be registered or backtested. */
export interface StrategyKind {
  readonly name: string;
  readonly description: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}
