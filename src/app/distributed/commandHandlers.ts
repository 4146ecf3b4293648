import type { ServiceGraph } from './createServiceGraph.js';
import type { ServiceCommand } from './serviceCommands.js';

/**
 * The risk service's commands, applied by its own engine exactly as `fortress start` applies them: the
 * TradingStateChanged names the user, and a kill switch's cancel-all crosses to the execution service as the
 * TradingStateChanged (cancelOpenOrders) that asks for it.
 */
export function applyRiskCommand(graph: ServiceGraph, command: ServiceCommand): void {
  if (command.kind === 'killSwitch') graph.risk.killSwitch(command.by, command.reason);
  else if (command.kind === 'setTradingState') graph.risk.setTradingState(command.state, command.by, command.reason);
  else throw new Error(`the risk service does not take "${command.kind}"`);
}

/** The execution service's commands: cancels through its engine (OrderCancelRequested naming the user, then the broker). */
export function applyExecutionCommand(graph: ServiceGraph, command: ServiceCommand): void {
  if (command.kind === 'cancel') graph.execution.cancel(command.clientOrderId, command.reason, command.by);
  else if (command.kind === 'cancelAll') graph.execution.cancelAll({ reason: command.reason, by: command.by, ...(command.accountId !== undefined ? { accountId: command.accountId } : {}) });
  else throw new Error(`the execution service does not take "${command.kind}"`);
}
