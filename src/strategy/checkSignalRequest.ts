import { InvariantError, SIGNAL_ACTIONS } from '../core/index.js';
import type { SignalRequest } from './Strategy.js';

/**
 * A strategy's signal request must be well formed and about an instrument it subscribes to; anything else is
 * a bug in that strategy (InvariantError), which the runner treats as the strategy failing.
 */
export function checkSignalRequest(strategyId: string, instrumentIds: ReadonlySet<string>, request: SignalRequest): void {
  if (!instrumentIds.has(request.instrumentId)) throw broken(strategyId, `instrument ${request.instrumentId} is not one it subscribes to`);
  if (!(SIGNAL_ACTIONS as readonly string[]).includes(request.action)) throw broken(strategyId, `unknown action ${String(request.action)}`);
  if (!(request.confidence >= 0 && request.confidence <= 1)) throw broken(strategyId, `confidence must be in 0..1, got ${request.confidence}`);
  if (request.strength !== undefined && !Number.isFinite(request.strength)) throw broken(strategyId, `strength must be finite, got ${request.strength}`);
  if (request.reason === '') throw broken(strategyId, 'reason must not be empty');
}

/** The message is built only when a check fails (this runs on every signal). */
function broken(strategyId: string, problem: string): InvariantError {
  return new InvariantError(`strategy "${strategyId}" signal: ${problem}`);
}
