import { z } from 'zod';
import { MAX_PRECISION, ValidationError } from '../core/index.js';
import { parseStrategyParams } from './parseStrategyParams.js';
import type { Strategy, StrategyDefinition, StrategySetup } from './Strategy.js';

/** What `list()` tells a CLI or the API about one strategy. */
export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the accepted (input) parameters. */
  readonly paramsSchema: Readonly<Record<string, unknown>>;
  readonly paramNames: readonly string[];
}

interface Registered {
  readonly definition: StrategyDefinition<unknown>;
  readonly info: StrategyInfo;
}

/** The strategies a node can run, by name; creates validated instances from raw (CLI/config) parameters. */
export class StrategyRegistry {
  private readonly entries = new Map<string, Registered>();

  register<P>(definition: StrategyDefinition<P>): this {
    if (this.entries.has(definition.name)) throw new ValidationError(`strategy "${definition.name}" is already registered`);
    const paramsSchema = z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const properties = paramsSchema['properties'];
    const paramNames = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
    const info: StrategyInfo = { name: definition.name, description: definition.description, paramsSchema, paramNames };
    // Parameters are parsed by this definition's own schema before its `create` sees them, so erasing P is safe.
    this.entries.set(definition.name, { definition: definition as unknown as StrategyDefinition<unknown>, info });
    return this;
  }

  get(name: string): StrategyDefinition<unknown> | undefined {
    return this.entries.get(name)?.definition;
  }

  list(): StrategyInfo[] {
    return [...this.entries.values()].map((entry) => entry.info).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Validate `rawParams` (strings are coerced) and the setup, then build the strategy. */
  create(name: string, rawParams: Readonly<Record<string, unknown>>, setup: StrategySetup): Strategy {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      const known = [...this.entries.keys()].sort().join(', ');
      throw new ValidationError(`unknown strategy "${name}" (known: ${known})`, { strategy: name, known: [...this.entries.keys()] });
    }
    checkSetup(name, setup);
    const params = parseStrategyParams(name, entry.definition.params, rawParams, entry.info.paramNames);
    return entry.definition.create(params, setup);
  }
}

function checkSetup(name: string, setup: StrategySetup): void {
  if (setup.instrumentIds.length === 0) throw new ValidationError(`strategy "${name}": setup needs at least one instrument`);
  const precision = setup.pricePrecision;
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION)) {
    throw new ValidationError(`strategy "${name}": pricePrecision must be an integer in 0..${MAX_PRECISION}, got ${precision}`);
  }
}
