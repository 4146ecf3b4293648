/** A real risk engine on a real in-process bus over the in-memory ports, for specs (not exported). */
import { ENDPOINTS, InProcessMessageBus, type CancelAllRequest } from '../bus/index.js';
import {
  createApprovalAuthority,
  createIdSource,
  silentLogger,
  SimulatedClock,
  type AnyEvent,
  type ApprovalAuthority,
  type ApprovedBasket,
  type ApprovedTrade,
  type TradeIntent,
} from '../core/index.js';
import { AccountMetrics } from './AccountMetrics.js';
import { PotentialExposure, type ExposureView } from './PotentialExposure.js';
import { RiskEngine } from './RiskEngine.js';
import { parseRiskConfig, type RiskConfigInput } from './riskConfig.js';
import type { RiskRule, RuleContext } from './RiskRule.js';
import { RiskState } from './RiskState.js';
import type { TradingStatus } from './tradingState.js';
import { VolumeTracker } from './VolumeTracker.js';
import { FakeInstrumentProvider, FakeOrderView, FakePortfolioView, FakeSessionCalendar, TUESDAY_OPEN_MS } from './testSupport.js';

export interface TestWorld {
  readonly portfolio: FakePortfolioView;
  readonly orders: FakeOrderView;
  readonly instruments: FakeInstrumentProvider;
  readonly calendar: FakeSessionCalendar;
  readonly state: RiskState;
  readonly volumes: VolumeTracker;
  readonly metrics: AccountMetrics;
}

/** Account `acc-1` with 1,000,000.00 USD of equity, ORCL last traded at 100. */
export function createWorld(): TestWorld {
  return {
    portfolio: new FakePortfolioView().setEquity('acc-1', 100_000_000).setLastPrice('ORCL.NASDAQ', 100),
    orders: new FakeOrderView(),
    instruments: new FakeInstrumentProvider(),
    calendar: new FakeSessionCalendar(),
    state: new RiskState(),
    volumes: new VolumeTracker(1_000),
    metrics: new AccountMetrics(),
  };
}

/** A context for calling one rule directly; the exposure is computed afresh on every call. */
export function contextFor(world: TestWorld, accountId = 'acc-1', nowMs = TUESDAY_OPEN_MS, pending: readonly TradeIntent[] = []): RuleContext {
  const potential = new PotentialExposure();
  const exposure: ExposureView = {
    of: (intent, ctx) => {
      potential.invalidate();
      return potential.of(intent, ctx);
    },
  };
  return { accountId, nowMs, ...world, exposure, pending };
}

export interface TestEngine {
  readonly engine: RiskEngine;
  readonly bus: InProcessMessageBus;
  readonly clock: SimulatedClock;
  readonly authority: ApprovalAuthority;
  readonly world: TestWorld;
  /** Every event emitted on the bus, in order. */
  readonly events: AnyEvent[];
  /** Every trade that reached the ExecutionEngine.execute endpoint. */
  readonly executed: ApprovedTrade[];
  /** Every basket that reached ExecutionEngine.executeBasket. */
  readonly baskets: ApprovedBasket[];
  /** Every request that reached ExecutionEngine.cancelAll. */
  readonly cancelAlls: CancelAllRequest[];
}

export interface TestEngineExtras {
  readonly rules?: readonly RiskRule[];
  readonly world?: TestWorld;
  /** Leave ExecutionEngine.cancelAll unregistered (as before execution implements it). */
  readonly withoutCancelAll?: boolean;
  readonly accountIds?: readonly string[];
  readonly tradingStatus?: TradingStatus;
  /** Build the engine without `approveBasket` (as a composition root that forgot it would). */
  readonly withoutBasketApproval?: boolean;
}

export function createTestEngine(config: RiskConfigInput = {}, extra: TestEngineExtras = {}): TestEngine {
  const bus = new InProcessMessageBus();
  const clock = new SimulatedClock(TUESDAY_OPEN_MS);
  const authority = createApprovalAuthority();
  const world = extra.world ?? createWorld();
  const events: AnyEvent[] = [];
  const executed: ApprovedTrade[] = [];
  const baskets: ApprovedBasket[] = [];
  const cancelAlls: CancelAllRequest[] = [];
  bus.subscribeEvents((event) => events.push(event));
  bus.register(ENDPOINTS.executionExecute, (trade) => executed.push(trade));
  bus.register(ENDPOINTS.executionExecuteBasket, (basket) => baskets.push(basket));
  if (extra.withoutCancelAll !== true) bus.register(ENDPOINTS.executionCancelAll, (request) => cancelAlls.push(request));
  const engine = new RiskEngine({
    bus, clock, ids: createIdSource(clock, 7), logger: silentLogger, approve: authority.approve,
    ...(extra.withoutBasketApproval === true ? {} : { approveBasket: authority.approveBasket }),
    portfolio: world.portfolio, orders: world.orders, instruments: world.instruments, calendar: world.calendar,
    config: parseRiskConfig(config), state: world.state,
    ...(extra.rules !== undefined ? { rules: extra.rules } : {}),
    ...(extra.accountIds !== undefined ? { accountIds: extra.accountIds } : {}),
    ...(extra.tradingStatus !== undefined ? { tradingStatus: extra.tradingStatus } : {}),
  });
  engine.start();
  return { engine, bus, clock, authority, world, events, executed, baskets, cancelAlls };
}
