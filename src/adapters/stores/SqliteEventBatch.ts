import { ValidationError } from '../../core/index.js';
import type { AnyEvent } from '../../core/index.js';
import { NUMBERS_PER_EVENT } from './sqliteEventColumns.js';

/**
 * The append buffer of the SQLite store, written by hand because it is on the hot path of every order, fill
 * and position event. An event becomes eight strings pushed onto one array and two numbers stored in a
 * Float64Array; a batch crosses to the writer thread as those two objects (cloning a flat array of strings
 * and a typed array measured cheapest: mixed arrays, joined text and cloned payload objects all cost more).
 * Only the payload is JSON, serialised here at append time so a payload that cannot be written is refused to
 * its producer, not discovered in the writer (JSON has no -0: a payload number -0 reads back as 0).
 */
export class SqliteEventBatch {
  readonly strings: string[] = [];
  readonly numbers: Float64Array;
  count = 0;

  constructor(capacity: number) {
    this.numbers = new Float64Array(capacity * NUMBERS_PER_EVENT);
  }

  /** Adds the event, or throws (adding nothing) if it could never be written. The caller keeps count ≤ capacity. */
  add(event: AnyEvent): void {
    const payload = JSON.stringify(event.payload) as string | undefined; // throws on a BigInt or a cycle
    // A row the writer could not bind or SQLite would refuse would fail its whole batch on every retry.
    if (payload === undefined || !hasStorableEnvelope(event)) {
      throw new ValidationError(`event ${String(event.id)} (${String(event.type)}) cannot be stored: its envelope has a missing or mistyped field`, {
        id: event.id,
      });
    }
    this.strings.push(event.id, event.type, event.source, event.key, event.correlationId, event.causationId, event.idempotencyKey, payload);
    const at = this.count * NUMBERS_PER_EVENT;
    this.numbers[at] = event.version;
    this.numbers[at + 1] = event.ts;
    this.count++;
  }
}

function hasStorableEnvelope(event: AnyEvent): boolean {
  return (
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.source === 'string' &&
    typeof event.key === 'string' &&
    typeof event.correlationId === 'string' &&
    typeof event.causationId === 'string' &&
    typeof event.idempotencyKey === 'string' &&
    Number.isFinite(event.version) &&
    Number.isFinite(event.ts)
  );
}
