import { ValidationError } from '../../core/index.js';
import type { Snapshot } from '../../core/index.js';

/**
 * Check a snapshot and return its state as JSON. Every store keeps the JSON (the in-memory twin parses it
 * back), so a state that would not survive a database — `undefined`, a BigInt, a cycle — is refused the
 * same way everywhere instead of working in a backtest and failing in production.
 */
export function encodeSnapshotState(snapshot: Snapshot): string {
  const { name, seq, ts } = snapshot;
  if (typeof name !== 'string' || name.length === 0) {
    throw new ValidationError('snapshot name must be a non-empty string', { field: 'name' });
  }
  if (!(Number.isSafeInteger(seq) && seq >= 0)) {
    throw new ValidationError(`snapshot ${name}: seq must be a non-negative integer, got ${seq}`, { name, field: 'seq' });
  }
  if (!Number.isFinite(ts)) {
    throw new ValidationError(`snapshot ${name}: ts must be a finite number, got ${ts}`, { name, field: 'ts' });
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(snapshot.state);
  } catch (error) {
    throw new ValidationError(`snapshot ${name}: state is not JSON-serialisable (${errorMessage(error)})`, { name, field: 'state' });
  }
  if (json === undefined) {
    throw new ValidationError(`snapshot ${name}: state must be a JSON value, got ${typeof snapshot.state}`, { name, field: 'state' });
  }
  return json;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
