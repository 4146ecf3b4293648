import { ValidationError } from '../core/index.js';

export const EXTERNAL_ORIGINS = ['amibroker', 'webhook'] as const;
export type ExternalOrigin = (typeof EXTERNAL_ORIGINS)[number];

/** A source ref goes into idempotency keys and signal ids (hence client order ids): short and plain. */
const SOURCE_REF = /^[A-Za-z0-9_-]{1,64}$/;

export function checkSourceRef(sourceRef: string): void {
  if (!SOURCE_REF.test(sourceRef)) {
    throw new ValidationError(`source ref "${sourceRef}" must be 1..64 letters, digits, _ or - (a content hash or request id)`, { sourceRef });
  }
}

/**
 * The idempotency key of whatever event a source row becomes (SignalReceived or SignalRefused): derived
 * from the source, so a file seen twice or a webhook redelivered yields the same key. `amibroker:<ref>:<line>`,
 * `webhook:<ref>`.
 */
export function externalSignalKey(origin: ExternalOrigin, sourceRef: string, line: number | undefined): string {
  return line === undefined ? `${origin}:${sourceRef}` : `${origin}:${sourceRef}:${line}`;
}

/** The signal id (and so the intent and client order ids downstream): `ab-<ref>-<line>`, `wh-<ref>`. */
export function externalSignalId(origin: ExternalOrigin, sourceRef: string, line: number | undefined): string {
  const prefix = origin === 'amibroker' ? 'ab' : 'wh';
  return line === undefined ? `${prefix}-${sourceRef}` : `${prefix}-${sourceRef}-${line}`;
}
