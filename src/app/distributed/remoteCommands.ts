import type { Clock } from '../../core/index.js';
import type { OrderRegistry } from '../../execution/index.js';
import type { ExecutionCommands } from '../control/executionControl.js';
import type { TradingCommands } from '../control/riskControl.js';
import type { CommandSender } from './CommandSender.js';

/**
 * The api service's trading-state commands: sent to the risk service, which applies them with its own engine
 * moments later. The answer is the state asked for (the risk service's TradingStateChanged, naming the user,
 * then reaches every view, this one's included).
 */
export function remoteTradingCommands(sender: CommandSender, clock: Clock): TradingCommands {
  return {
    setTradingState(state, by, reason) {
      sender.send({ kind: 'setTradingState', state, by, reason });
      return { state, by, reason, sinceMs: clock.nowMs() };
    },
    killSwitch(by, reason) {
      sender.send({ kind: 'killSwitch', by, reason });
      return { state: 'HALTED', by, reason, sinceMs: clock.nowMs() };
    },
  };
}

/**
 * The api service's cancels: sent to the execution service (the only door to the broker). A cancel answers true
 * once sent (execution control has already refused an unknown or closed order from the order view); cancel-all
 * answers how many open orders the view holds for the account, as the engine would count them.
 */
export function remoteExecutionCommands(sender: CommandSender, session: Pick<ExecutionCommands, 'brokerSession'>, orders: OrderRegistry): ExecutionCommands {
  return {
    get brokerSession() {
      return session.brokerSession;
    },
    cancel(clientOrderId, reason, by = 'user') {
      sender.send({ kind: 'cancel', clientOrderId, reason, by });
      return true;
    },
    cancelAll(request) {
      sender.send({ kind: 'cancelAll', reason: request.reason, by: request.by, ...(request.accountId !== undefined ? { accountId: request.accountId } : {}) });
      return orders.openBrokerOrders(request.accountId === undefined ? undefined : { accountId: request.accountId }).length;
    },
  };
}
