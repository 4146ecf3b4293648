import { ControlError, type Actor, type ParamValue, type Params, type StrategyControl, type StrategyInfo, type StrategyRegistration } from '../../api/index.js';
import { TIMEFRAMES, ValidationError, isTimeframe, type InstrumentProvider, type Timeframe } from '../../core/index.js';
import type { StrategyCatalog, StrategyRegistry, StrategyView } from '../../strategy/index.js';

export interface StrategyControlDeps {
  /** The node's catalog, or (api service of a deployment) a fold of its events whose commands are refused. */
  readonly catalog: Pick<StrategyCatalog, 'list' | 'get' | 'register' | 'activate' | 'deactivate' | 'setParameters'>;
  /** The registry the catalog builds from (for the kinds and their parameter defaults). */
  readonly registry: StrategyRegistry;
  /** To name each strategy's exchange. */
  readonly instruments: InstrumentProvider;
  /** Timeframe of a registration that names none; default 1m. */
  readonly defaultTimeframe?: Timeframe;
}

/**
 * The API's strategy commands over the node's StrategyCatalog. Every change is the catalog's event naming the
 * caller; the catalog's refusals become ControlErrors a person can act on: an unknown id NOT_FOUND (field
 * `strategyId`), an id already taken CONFLICT, a bad parameter INVALID naming it (`params.fast`), an unknown
 * strategy or instrument INVALID naming `strategy` / `instruments`.
 */
export function createStrategyControl(deps: StrategyControlDeps): StrategyControl {
  const { catalog, registry, instruments } = deps;
  const kinds = registry.list().map((info) => ({ name: info.name, description: info.description, params: defaultsOf(info.paramsSchema) }));
  const info = (view: StrategyView): StrategyInfo => {
    const exchange = view.instrumentIds.length > 0 ? instruments.get(view.instrumentIds[0]!)?.exchange : undefined;
    return {
      strategyId: view.strategyId,
      strategy: view.strategy,
      instruments: view.instrumentIds,
      timeframe: view.timeframe,
      params: view.params,
      active: view.active,
      running: view.running,
      ...(view.problem !== undefined ? { problem: view.problem } : {}),
      ...(exchange !== undefined ? { exchange } : {}),
    };
  };
  const known = (strategyId: string): void => {
    if (catalog.get(strategyId) === undefined) {
      const registered = catalog.list().map((v) => v.strategyId);
      throw new ControlError('NOT_FOUND', `unknown strategy id "${strategyId}" (registered: ${registered.join(', ') || 'none'})`, 'strategyId');
    }
  };
  const audit = (actor: Actor, what: string) => ({ by: actor.username, reason: `${what} via API (${actor.via})` });

  return {
    kinds: () => kinds,
    list: () => catalog.list().map(info),
    get: (strategyId) => {
      const view = catalog.get(strategyId);
      return view === undefined ? undefined : info(view);
    },
    register(spec: StrategyRegistration, actor: Actor): StrategyInfo {
      if (catalog.get(spec.strategyId) !== undefined) throw new ControlError('CONFLICT', `strategy id "${spec.strategyId}" is already registered`, 'strategyId');
      const timeframe = spec.timeframe ?? deps.defaultTimeframe ?? '1m';
      if (!isTimeframe(timeframe)) throw new ControlError('INVALID', `unknown timeframe "${timeframe}" (allowed: ${TIMEFRAMES.join(', ')})`, 'timeframe');
      const request = {
        strategyId: spec.strategyId, strategy: spec.strategy, instruments: spec.instruments, timeframe,
        ...(spec.params !== undefined ? { params: spec.params } : {}),
        ...(spec.active !== undefined ? { active: spec.active } : {}),
      };
      return info(refused(() => catalog.register(request, audit(actor, 'registered'))));
    },
    activate(strategyId: string, actor: Actor): StrategyInfo {
      known(strategyId);
      return info(refused(() => catalog.activate(strategyId, audit(actor, 'activated'))));
    },
    deactivate(strategyId: string, actor: Actor): StrategyInfo {
      known(strategyId);
      return info(refused(() => catalog.deactivate(strategyId, audit(actor, 'deactivated'))));
    },
    setParams(strategyId: string, params: Params, actor: Actor): StrategyInfo {
      known(strategyId);
      return info(refused(() => catalog.setParameters(strategyId, params, audit(actor, 'parameters changed'))));
    },
  };
}

/** Run a catalog command; its ValidationError becomes INVALID naming the field at fault. */
function refused<T>(command: () => T): T {
  try {
    return command();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ControlError('INVALID', error.message, fieldOf(error.details));
  }
}

function fieldOf(details: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const parameters = details?.['parameters'];
  if (Array.isArray(parameters) && typeof parameters[0] === 'string') return `params.${parameters[0]}`;
  if (details?.['instrumentId'] !== undefined) return 'instruments';
  if (details?.['strategy'] !== undefined) return 'strategy';
  return undefined;
}

/** Each parameter's default from the strategy's JSON Schema (parameters without one are left out). */
function defaultsOf(schema: Readonly<Record<string, unknown>>): Params {
  const properties = schema['properties'];
  const out: Record<string, ParamValue> = {};
  if (typeof properties !== 'object' || properties === null) return out;
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    const value = typeof property === 'object' && property !== null ? (property as { default?: unknown }).default : undefined;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}
