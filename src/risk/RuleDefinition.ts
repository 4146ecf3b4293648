import type { z } from 'zod';
import type { RiskRule } from './RiskRule.js';

/** A rule's configuration slice (`{ enabled, ...params }`, every field defaulted) and its factory. */
export interface RuleDefinition<S extends z.ZodObject = z.ZodObject> {
  readonly schema: S;
  readonly create: (config: z.output<S>) => RiskRule;
}

export function defineRule<S extends z.ZodObject>(schema: S, create: (config: z.output<S>) => RiskRule): RuleDefinition<S> {
  return { schema, create };
}
