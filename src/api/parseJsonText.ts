import { ApiError } from './apiErrors.js';

const PROTO_KEY = /"(?:__proto__|constructor)"\s*:/;

/**
 * JSON text to a value, or a MALFORMED_JSON error naming the problem (`Unexpected token } in JSON at
 * position 12`). Keys that could poison a prototype (`__proto__`, `constructor.prototype`) are refused;
 * the reviver that looks for them only runs when the text contains one, so ordinary bodies pay nothing.
 */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new ApiError('MALFORMED_JSON', 'body is empty; expected a JSON value', { field: 'body' });
  try {
    return PROTO_KEY.test(text) ? JSON.parse(text, refusePrototypeKeys) : JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError('MALFORMED_JSON', `body is not valid JSON: ${reason}`, { field: 'body' });
  }
}

function refusePrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
    throw new ApiError('MALFORMED_JSON', `body has a forbidden key "${key}"`, { field: key });
  }
  return value;
}
