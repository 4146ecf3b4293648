import { externalSignals } from './builtin/externalSignals.js';
import { meanReversion } from './builtin/meanReversion.js';
import { momentum } from './builtin/momentum.js';
import { rsiReversal } from './builtin/rsiReversal.js';
import { smaCrossover } from './builtin/smaCrossover.js';
import { trendCrossover } from './builtin/trendCrossover.js';
import { StrategyRegistry } from './StrategyRegistry.js';

/** A registry with every built-in strategy (and `external`, the book for signals made outside). */
export function createDefaultStrategyRegistry(): StrategyRegistry {
  return new StrategyRegistry()
    .register(smaCrossover)
    .register(momentum)
    .register(meanReversion)
    .register(rsiReversal)
    .register(trendCrossover)
    .register(externalSignals);
}
