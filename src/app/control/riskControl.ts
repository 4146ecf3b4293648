import type { Actor, RiskControl, TradingStateInfo, TradingStateName } from '../../api/index.js';
import type { MessageBus } from '../../bus/index.js';
import type { AnyEvent, Clock } from '../../core/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import type { RiskEngine, TradingStatus } from '../../risk/index.js';
import { RejectionLog } from './RejectionLog.js';
import { describeRiskRules, type RiskView } from './riskRuleInfo.js';

export type { RiskView } from './riskRuleInfo.js';


/**
 * The operator's trading-state commands, answering the state they lead to. In one process the engine applies
 * them at once; in a deployment they are sent to the risk service, which applies them (and journals the
 * TradingStateChanged naming the user) moments later.
 */
export interface TradingCommands {
  setTradingState(to: TradingStateName, by: string, reason: string): TradingStatus;
  killSwitch(by: string, reason: string): TradingStatus;
}

/** The in-process commands: the engine's own. */
export function engineTradingCommands(risk: RiskEngine): TradingCommands {
  return {
    setTradingState(to, by, reason) {
      risk.setTradingState(to, by, reason);
      return risk.tradingStatus;
    },
    killSwitch(by, reason) {
      risk.killSwitch(by, reason);
      return risk.tradingStatus;
    },
  };
}

export interface RiskControlDeps {
  readonly risk: RiskView;
  readonly commands: TradingCommands;
  readonly bus: MessageBus;
  /** For the rules' current values (equity, exposure, positions). */
  readonly portfolio: Portfolio;
  readonly accountId: string;
  readonly clock: Clock;
  /** Events read from the log at start: their rejections seed the recent list and the counts. */
  readonly logged?: Iterable<AnyEvent>;
}

/** RiskControl plus `stop` (stop following the bus). */
export interface RunningRiskControl extends RiskControl {
  stop(): void;
}

/**
 * The API's view of the risk engine: trading state, rules against their limits, recent rejections (folded live
 * from RiskRejected / BasketRejected on the bus), and the operator's commands. A state change or the kill switch
 * is the engine's own command, so its TradingStateChanged names the user (`by`).
 */
export function createRiskControl(deps: RiskControlDeps): RunningRiskControl {
  const { risk, bus, portfolio, accountId, clock } = deps;
  const rejections = new RejectionLog();
  if (deps.logged !== undefined) for (const event of deps.logged) rejections.apply(event);
  const onRejection = (event: AnyEvent): void => rejections.apply(event);
  const unsubscribe = [bus.subscribe('RiskRejected', onRejection), bus.subscribe('BasketRejected', onRejection)];

  const info = (s: TradingStatus): TradingStateInfo => ({ state: s.state, by: s.by, reason: s.reason, since: new Date(s.sinceMs).toISOString() });

  return {
    status: () => ({
      tradingState: info(risk.tradingStatus),
      rules: describeRiskRules(risk, portfolio, accountId, clock.nowMs()),
      recentRejections: rejections.recent(),
      rejectionsByRule: rejections.countsByRule(),
    }),
    setTradingState(to: TradingStateName, reason: string, actor: Actor): TradingStateInfo {
      return info(deps.commands.setTradingState(to, actor.username, reason));
    },
    killSwitch(reason: string, actor: Actor): TradingStateInfo {
      return info(deps.commands.killSwitch(actor.username, `kill switch: ${reason}`));
    },
    stop(): void {
      for (const u of unsubscribe) u();
    },
  };
}
