import type { MessagePort } from 'node:worker_threads';
import type { SqliteSynchronousMode } from './configureSqliteConnection.js';

/**
 * What the SQLite store's main thread and its writer thread say to each other. Batches are numbered 1, 2, …;
 * the writer writes batch n only right after batch n − 1, so a batch sent twice (a retry after a failure) is
 * written once and never out of order.
 *
 * Slots of the shared status array, written only by the writer thread and read by the main thread without
 * waiting for a message (a backtest's bar loop never yields to the event loop):
 */
export const STATUS_COMMITTED = 0;
/** How many batch writes have failed so far. */
export const STATUS_FAILURES = 1;
/** Bumped after every batch attempt, so the main thread can `Atomics.wait` on it (back-pressure). */
export const STATUS_PROGRESS = 2;
export const STATUS_SLOTS = 3;

/** Handed to the writer thread as its workerData. */
export interface WriterConfig {
  readonly path: string;
  readonly synchronous: SqliteSynchronousMode;
  readonly rowsPerStatement: number;
  readonly status: SharedArrayBuffer;
  readonly replies: MessagePort;
}

/** `count` events laid out as SqliteEventBatch lays them out. */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly number: number;
  readonly count: number;
  readonly strings: readonly string[];
  readonly numbers: Float64Array;
}

/** Answered once every batch sent before it has been handled. */
export type RequestMessage =
  | { readonly kind: 'flush'; readonly token: number }
  | {
      readonly kind: 'snapshot';
      readonly token: number;
      /** Written only if every batch up to this number is committed. */
      readonly afterBatch: number;
      readonly name: string;
      /** `head`: the seq of the last event written when the request is handled (every batch before it, none after). */
      readonly seq: number | 'head';
      readonly ts: number;
      readonly stateJson: string;
    }
  | { readonly kind: 'close'; readonly token: number };

export type WriterMessage = BatchMessage | RequestMessage;

export type WriterReply =
  /** `error` is set when the request itself could not be done (a snapshot behind an unwritten batch). */
  | { readonly kind: 'done'; readonly token: number; readonly committed: number; readonly failures: number; readonly error?: string; readonly seq?: number }
  /** Posted before STATUS_FAILURES is bumped, so a main thread that sees the new count finds the reason waiting. */
  | { readonly kind: 'failed'; readonly failures: number; readonly reason: string };
