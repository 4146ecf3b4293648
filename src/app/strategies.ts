import { createDefaultStrategyRegistry, type StrategyInfo } from '../strategy/index.js';

/** The strategies a user can name on the command line, with their parameters. */
export function listStrategies(): StrategyInfo[] {
  return createDefaultStrategyRegistry().list();
}
