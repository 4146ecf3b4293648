import { InvariantError, SIGNAL_ACTIONS } from '../core/index.js';
import type { SignalRequest } from './Strategy.js';

/**
 * A strategy's signal request must be well formed and about an instrument it subscribes to; anything else is
 * a bug in that strategy (InvariantError), which the runner treats as the strategy failing.
 */
export function checkSignalRequest(strategyId: string, instrumentIds: ReadonlySet<string>, request: SignalRequest): void {
  const where = `strategy "${strategyId}" signal`;
  if (!instrumentIds.has(request.instrumentId)) throw new InvariantError(`${where}: instrument ${request.instrumentId} is not one it subscribes to`);
  if (!(SIGNAL_ACTIONS as readonly string[]).includes(request.action)) throw new InvariantError(`${where}: unknown action ${String(request.action)}`);
  if (!(request.confidence >= 0 && request.confidence <= 1)) throw new InvariantError(`${where}: confidence must be in 0..1, got ${request.confidence}`);
  if (request.strength !== undefined && !Number.isFinite(request.strength)) throw new InvariantError(`${where}: strength must be finite, got ${request.strength}`);
  if (request.reason === '') throw new InvariantError(`${where}: reason must not be empty`);
}
