import { ValidationError, isEventType } from '../../core/index.js';
import type { AnyEvent, StoredEvent } from '../../core/index.js';

/** Column order of every event SELECT; `parseEventRow` reads rows in this order (raw mode, no per-row key lookup). */
export const EVENT_COLUMNS =
  'seq, id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload';

const STRING_COLUMNS = [
  [1, 'id'],
  [5, 'source'],
  [6, 'key'],
  [7, 'correlation_id'],
  [8, 'causation_id'],
  [9, 'idempotency_key'],
] as const;

/**
 * A row read from the database is bytes entering the process: check the envelope's shape by hand (cheaper
 * than a schema library on a 400,000-row replay) and refuse a corrupt row with an error naming its seq
 * and column. An unknown event type stops the read too: skipping it would replay a different history.
 */
export function parseEventRow(row: readonly unknown[]): StoredEvent {
  const seq = row[0];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new ValidationError(`event row has an invalid seq ${String(seq)}`, { seq, field: 'seq' });
  }
  for (const [index, field] of STRING_COLUMNS) {
    if (typeof row[index] !== 'string') throw corrupt(seq, field, `must be text, got ${describe(row[index])}`);
  }
  const type = row[2];
  if (typeof type !== 'string' || !isEventType(type)) {
    throw corrupt(seq, 'type', `${describe(type)} is not an event type of the catalog`);
  }
  const version = row[3];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw corrupt(seq, 'version', `must be a positive integer, got ${describe(version)}`);
  }
  const ts = row[4];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw corrupt(seq, 'ts', `must be a number, got ${describe(ts)}`);
  const payload = parsePayload(seq, row[10]);
  const event = {
    id: row[1] as string,
    type,
    version,
    ts,
    source: row[5] as string,
    key: row[6] as string,
    correlationId: row[7] as string,
    causationId: row[8] as string,
    idempotencyKey: row[9] as string,
    payload,
  } as AnyEvent; // shape checked above; the payload's own fields are the producer's contract (same type, same version)
  return { seq, event };
}

function parsePayload(seq: number, text: unknown): AnyEvent['payload'] {
  if (typeof text !== 'string') throw corrupt(seq, 'payload', `must be text, got ${describe(text)}`);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw corrupt(seq, 'payload', `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw corrupt(seq, 'payload', `must be a JSON object, got ${Array.isArray(payload) ? 'an array' : describe(payload)}`);
  }
  return payload as AnyEvent['payload'];
}

function corrupt(seq: number, field: string, problem: string): ValidationError {
  return new ValidationError(`corrupt event at seq ${seq}: ${field} ${problem}`, { seq, field });
}

function describe(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}
