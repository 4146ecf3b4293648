/** A real risk engine on a real in-process bus over the in-memory ports, for specs (not exported). */
import { ENDPOINTS, InProcessMessageBus } from '../bus/index.js';
import {
  createApprovalAuthority,
  createIdSource,
  silentLogger,
  SimulatedClock,
  type AnyEvent,
  type ApprovalAuthority,
  type ApprovedTrade,
} from '../core/index.js';
import { RiskEngine } from './RiskEngine.js';
import { parseRiskConfig, type RiskConfigInput } from './riskConfig.js';
import type { RiskRule, RuleContext } from './RiskRule.js';
import { RiskState } from './RiskState.js';
import { FakeInstrumentProvider, FakeOrderView, FakePortfolioView, FakeSessionCalendar, TUESDAY_OPEN_MS } from './testSupport.js';

export interface TestWorld {
  readonly portfolio: FakePortfolioView;
  readonly orders: FakeOrderView;
  readonly instruments: FakeInstrumentProvider;
  readonly calendar: FakeSessionCalendar;
  readonly state: RiskState;
}

/** Account `acc-1` with 1,000,000.00 USD of equity, ORCL last traded at 100. */
export function createWorld(): TestWorld {
  return {
    portfolio: new FakePortfolioView().setEquity('acc-1', 100_000_000).setLastPrice('ORCL.NASDAQ', 100),
    orders: new FakeOrderView(),
    instruments: new FakeInstrumentProvider(),
    calendar: new FakeSessionCalendar(),
    state: new RiskState(),
  };
}

export function contextFor(world: TestWorld, accountId = 'acc-1'): RuleContext {
  return { accountId, ...world };
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
}

export function createTestEngine(config: RiskConfigInput = {}, extra: { readonly rules?: readonly RiskRule[]; readonly world?: TestWorld } = {}): TestEngine {
  const bus = new InProcessMessageBus();
  const clock = new SimulatedClock(TUESDAY_OPEN_MS);
  const authority = createApprovalAuthority();
  const world = extra.world ?? createWorld();
  const events: AnyEvent[] = [];
  const executed: ApprovedTrade[] = [];
  bus.subscribeEvents((event) => events.push(event));
  bus.register(ENDPOINTS.executionExecute, (trade) => executed.push(trade));
  const engine = new RiskEngine({
    bus, clock, ids: createIdSource(clock, 7), logger: silentLogger, approve: authority.approve,
    portfolio: world.portfolio, orders: world.orders, instruments: world.instruments, calendar: world.calendar,
    config: parseRiskConfig(config), state: world.state,
    ...(extra.rules !== undefined ? { rules: extra.rules } : {}),
  });
  engine.start();
  return { engine, bus, clock, authority, world, events, executed };
}
