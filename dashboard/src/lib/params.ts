import type { ParamValue, Params } from './types.js';

/** `fast=5, slow=20, mode=close` (commas or new lines) → { fast: 5, slow: 20, mode: 'close' }; numbers and booleans typed. */
export function parseParams(text: string): Params {
  const params: Record<string, ParamValue> = {};
  for (const part of text.split(/[\n,]/)) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`"${item}" is not name=value`);
    const name = item.slice(0, eq).trim();
    params[name] = parseValue(item.slice(eq + 1).trim());
  }
  return params;
}

export function parseValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

export function formatParams(params: Params | undefined): string {
  if (params === undefined) return '';
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');
}
