import type { Logger } from '../../core/index.js';

/** A row of a signal file that could not be read (the signals parser's problem shape). */
export interface SignalFileRowProblem {
  readonly line: number;
  readonly reason: string;
  readonly raw?: string;
}

/** What a parser returns for a piece of a file: the watcher only counts signals and lists problems. */
export interface SignalFileRows {
  readonly signals: readonly unknown[];
  readonly problems: readonly SignalFileRowProblem[];
}

/** A parser for one file, fed the file in pieces that end at line ends (the signals module's AmiBrokerSignalParser). */
export interface SignalFileParser<R extends SignalFileRows> {
  parse(text: string): R;
}

export const SIGNAL_FILE_PROBLEM_CODES = ['ROWS_REJECTED', 'DELIVERY_FAILED', 'FILE_TOO_LARGE', 'CHANGED_AFTER_READ', 'IO_FAILED'] as const;
export type SignalFileProblemCode = (typeof SIGNAL_FILE_PROBLEM_CODES)[number];

/** Something a person should hear about a signal file (also logged). */
export interface SignalFileProblem {
  readonly file: string;
  readonly code: SignalFileProblemCode;
  readonly message: string;
  /** For ROWS_REJECTED: how many lines could not be read. */
  readonly badLines?: number;
}

export interface AmiBrokerDirectoryWatcherOptions<R extends SignalFileRows> {
  /** The signal directory (SIGNAL_DIR); `processed/`, `errors/` and `.inflight/` are made inside it. */
  readonly dir: string;
  /** A fresh parser per file, e.g. `(name) => new AmiBrokerSignalParser(name)`. */
  readonly createParser: (fileName: string) => SignalFileParser<R>;
  /**
   * Takes the rows of one piece of a file; resolves once their events are durably stored (intake.accept then
   * store.flush). Rejecting leaves the file in `.inflight/` to be retried; the same rows come again with the
   * same source ref, so nothing is doubled.
   */
  readonly deliver: (rows: R, sourceRef: string) => Promise<void>;
  readonly logger: Logger;
  /** A file is taken once its size and mtime have not changed for this long. Default 300 ms. */
  readonly settleMs?: number;
  /** A file whose last line has no newline must be quiet this long (it may still be being written). Default 2000 ms. */
  readonly unterminatedSettleMs?: number;
  /** Safety-net rescan besides fs.watch. Default 1000 ms. */
  readonly rescanIntervalMs?: number;
  /** First retry delay after a failed delivery or I/O error; doubles up to 30 s. Default 1000 ms. */
  readonly retryMs?: number;
  /** Size of the pieces a file is parsed and delivered in (bounds memory per delivery). Default 1 MiB. */
  readonly chunkBytes?: number;
  /**
   * What makes two files "the same file" (same source ref, so the second one's rows are duplicates):
   * `content` (default) — byte-identical content, whatever the name; `name+content` — also the same name, for
   * AFLs that may legitimately write identical files under new (timestamped) names.
   */
  readonly identity?: SignalFileIdentity;
  /** A larger file goes to `errors/` unread. Default 256 MiB. */
  readonly maxFileBytes?: number;
  readonly onProblem?: (problem: SignalFileProblem) => void;
}

export const SIGNAL_FILE_IDENTITIES = ['content', 'name+content'] as const;
export type SignalFileIdentity = (typeof SIGNAL_FILE_IDENTITIES)[number];

export const SIGNAL_SUBDIRS = { processed: 'processed', errors: 'errors', inflight: '.inflight' } as const;
