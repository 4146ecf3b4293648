import { z } from 'zod';
import { DEFAULT_PRICE_PRECISION, MAX_PRECISION } from '../core/index.js';

/**
 * Parameter building blocks for strategy schemas. Raw parameters from the CLI arrive as strings (`fast=10`),
 * so numbers and booleans are coerced here; every schema is `.strict()` so a misspelt name is an error.
 */
export function integerParam(min: number, defaultValue: number, description: string) {
  return z.coerce.number().int({ error: 'must be an integer' }).min(min).default(defaultValue).describe(description);
}

export function numberParam(min: number, max: number, defaultValue: number, description: string) {
  return z.coerce.number().min(min).max(max).default(defaultValue).describe(description);
}

/** 0..1: how sure the strategy is; the default risk rule rejects signals below its minimum (0.6 by default). */
export function confidenceParam(defaultValue: number) {
  return numberParam(0, 1, defaultValue, 'confidence of every signal, 0..1');
}

/** `true`/`false`, also as `yes`/`no`, `1`/`0`, `on`/`off` strings. */
export function booleanParam(defaultValue: boolean, description: string) {
  return z.union([z.boolean(), z.stringbool()], { error: 'must be true or false' }).default(defaultValue).describe(description);
}

/** Decimals of the price grid; when absent the setup's `pricePrecision` (default 8) is used. */
export function pricePrecisionParam() {
  return z.coerce.number().int().min(0).max(MAX_PRECISION).optional().describe('decimals of the price grid (default: from the setup, else 8)');
}

/** The grid precision an instance's indicators use: the parameter, else the setup's, else 8. */
export function gridPrecision(param: number | undefined, setup: { readonly pricePrecision?: number }): number {
  return param ?? setup.pricePrecision ?? DEFAULT_PRICE_PRECISION;
}
