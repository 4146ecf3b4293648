import { ValidationError } from '../../core/index.js';
import type { AnyEvent, Clock, IdSource, InstrumentProvider, Logger } from '../../core/index.js';
import { StrategyCatalog, createDefaultStrategyRegistry, type StrategyRegistry, type StrategyView } from '../../strategy/index.js';
import type { TradingNode } from '../createNode.js';
import type { NodeFileConfig } from './nodeConfig.js';

type ConfiguredStrategy = NodeFileConfig['strategies'][number];

export interface StrategyCatalogStart {
  readonly node: TradingNode;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly instruments: InstrumentProvider;
  /** Every event read from the log at start, in log order (only the catalog's own are folded). */
  readonly logged: Iterable<AnyEvent>;
  /** `strategies:` of config.yaml. */
  readonly configured: readonly ConfiguredStrategy[];
  /** Default: every built-in. */
  readonly registry?: StrategyRegistry;
  /** Named in messages (default `config.yaml`). */
  readonly configSource?: string;
}

/**
 * Build the node's strategy catalog. The rule between config.yaml and the log: the config file seeds the
 * catalog, the log owns it. The log's strategy events are replayed first (same strategies, parameters and
 * active flags as before the restart); then each configured strategy whose id the log does not know yet is
 * registered (by `config`) — all of them on the first run, a newly added entry on a later one. An entry whose id
 * the log already knows is not applied again: changes go through the catalog (the API), and a config entry that
 * differs from the log only earns a warning. A configured strategy that does not validate stops startup with a
 * message naming `strategies.<id>`.
 */
export function startStrategyCatalog(options: StrategyCatalogStart): StrategyCatalog {
  const { node, clock, ids, logger, instruments } = options;
  const source = options.configSource ?? 'config.yaml';
  const log = logger.child({ component: 'node' });
  const catalog = new StrategyCatalog({
    bus: node.bus, clock, ids, logger, instruments, runner: node.strategies, registry: options.registry ?? createDefaultStrategyRegistry(),
  });
  for (const event of options.logged) catalog.apply(event);
  catalog.start();
  for (const entry of options.configured) {
    const known = catalog.get(entry.id);
    if (known !== undefined) {
      const differs = configDiffers(known, entry);
      if (differs.length > 0) log.warn({ strategyId: entry.id, differs }, `${source} differs from the event log for strategy ${entry.id}; the log wins (change it through the catalog)`);
      continue;
    }
    try {
      catalog.register(
        { strategyId: entry.id, strategy: entry.strategy, instruments: entry.instruments, timeframe: entry.timeframe, params: entry.params },
        { by: 'config', reason: `listed in ${source}, not yet in the event log` },
      );
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(`${source}: strategies.${entry.id}: ${error.message}`, { strategyId: entry.id });
      throw error;
    }
  }
  return catalog;
}

/** The fields where a config entry and the logged strategy disagree. */
function configDiffers(known: StrategyView, entry: ConfiguredStrategy): string[] {
  const differs: string[] = [];
  if (known.strategy !== entry.strategy) differs.push('strategy');
  if (known.timeframe !== entry.timeframe) differs.push('timeframe');
  if (known.instrumentIds.join(',') !== entry.instruments.join(',')) differs.push('instruments');
  const keys = new Set([...Object.keys(known.params), ...Object.keys(entry.params)]);
  for (const key of keys) if (known.params[key] !== entry.params[key]) differs.push(`params.${key}`);
  return differs;
}
