import { ValidationError } from '../../core/index.js';
import type { Snapshot } from '../../core/index.js';

/** A snapshot row read back from the database, checked like any bytes entering the process. */
export function parseSnapshotRow(row: unknown): Snapshot {
  const { name, seq, ts, state } = (row ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string') throw new ValidationError('corrupt snapshot row: name is not text', { field: 'name' });
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw corrupt(name, 'seq', seq);
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw corrupt(name, 'ts', ts);
  if (typeof state !== 'string') throw corrupt(name, 'state', state);
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    throw corrupt(name, 'state', state);
  }
  return { name, seq, ts, state: parsed };
}

function corrupt(name: string, field: string, value: unknown): ValidationError {
  const shown = typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}…` : String(value);
  return new ValidationError(`corrupt snapshot "${name}": ${field} is invalid (${shown})`, { name, field });
}
