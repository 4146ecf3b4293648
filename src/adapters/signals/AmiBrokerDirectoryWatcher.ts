import { watch, type FSWatcher } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/index.js';
import { endsWithNewline } from './readStableFile.js';
import { SettleTracker } from './SettleTracker.js';
import { isCsvName, listCsv, removeInflightOrphans } from './signalDirectory.js';
import { SignalFileProcessor } from './SignalFileProcessor.js';
import { SIGNAL_SUBDIRS, type AmiBrokerDirectoryWatcherOptions, type SignalFileProblem, type SignalFileRows } from './signalFileTypes.js';

const WATCH_DEBOUNCE_MS = 20;
const RETRY_MAX_MS = 30_000;

export interface SignalWatcherHealth {
  readonly running: boolean;
  /** fs.watch is active (the periodic rescan runs regardless). */
  readonly watching: boolean;
  /** Files seen but not yet settled, queued, or waiting for a retry. */
  readonly pendingFiles: number;
  readonly failingFiles: number;
  readonly lastProblem?: SignalFileProblem;
}

/**
 * Watches SIGNAL_DIR for AmiBroker `*.csv` signal files (fs.watch, plus a periodic rescan as a safety net).
 * A file is taken once complete: unchanged for `settleMs`, and, if its last line has no newline, for
 * `unterminatedSettleMs`. Files are handled one at a time, in name order (leftovers in `.inflight/` from a
 * crash first) by a SignalFileProcessor; a failed delivery is retried with backoff.
 */
export class AmiBrokerDirectoryWatcher<R extends SignalFileRows> {
  private readonly settle = new SettleTracker();
  private readonly processor: SignalFileProcessor<R>;
  private readonly logger: Logger;
  private readonly settleMs: number;
  private readonly unterminatedSettleMs: number;
  private readonly inflightDir: string;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly retries = new Map<string, { atMs: number; delayMs: number }>();
  private running = false;
  private fsWatcher: FSWatcher | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAtMs = Number.POSITIVE_INFINITY;
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private worker: Promise<void> | undefined;
  private lastProblem: SignalFileProblem | undefined;

  constructor(private readonly options: AmiBrokerDirectoryWatcherOptions<R>) {
    this.logger = options.logger.child({ component: 'amibroker-watcher', dir: options.dir });
    this.settleMs = options.settleMs ?? 300;
    this.unterminatedSettleMs = Math.max(this.settleMs, options.unterminatedSettleMs ?? 2000);
    this.inflightDir = join(options.dir, SIGNAL_SUBDIRS.inflight);
    this.processor = new SignalFileProcessor({
      dir: options.dir,
      createParser: options.createParser,
      deliver: options.deliver,
      logger: this.logger,
      chunkBytes: options.chunkBytes ?? 1024 * 1024,
      maxFileBytes: options.maxFileBytes ?? 256 * 1024 * 1024,
      identity: options.identity ?? 'content',
      report: (problem) => this.report(problem),
      isRunning: () => this.running,
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { dir } = this.options;
    for (const sub of Object.values(SIGNAL_SUBDIRS)) await mkdir(join(dir, sub), { recursive: true });
    await removeInflightOrphans(this.inflightDir);
    this.running = true;
    this.fsWatcher = watch(dir, (_event, fileName) => {
      if (fileName === null || isCsvName(fileName)) this.wake(WATCH_DEBOUNCE_MS);
    });
    this.fsWatcher.on('error', (error) => {
      this.logger.warn({ err: error }, 'fs.watch failed; the periodic rescan carries on');
      this.fsWatcher?.close();
      this.fsWatcher = undefined;
    });
    this.rescanTimer = setInterval(() => this.wake(0), this.options.rescanIntervalMs ?? 1000);
    this.logger.info({ settleMs: this.settleMs }, 'watching for AmiBroker signal files');
    this.wake(0);
  }

  /** Stop watching; a file being delivered stops at the next piece and resumes on the next start (same keys). */
  async stop(): Promise<void> {
    this.running = false;
    this.fsWatcher?.close();
    this.fsWatcher = undefined;
    clearInterval(this.rescanTimer);
    clearTimeout(this.wakeTimer);
    this.wakeAtMs = Number.POSITIVE_INFINITY;
    await this.scanning;
    while (this.worker !== undefined) await this.worker;
  }

  /** Look at the directory now; resolves once every file found ready has been handled. */
  async rescan(): Promise<void> {
    await this.scan();
    while (this.worker !== undefined) await this.worker;
  }

  health(): SignalWatcherHealth {
    return {
      running: this.running,
      watching: this.fsWatcher !== undefined,
      pendingFiles: this.settle.size + this.queue.length,
      failingFiles: this.retries.size,
      ...(this.lastProblem === undefined ? {} : { lastProblem: this.lastProblem }),
    };
  }

  private report(problem: SignalFileProblem): void {
    this.lastProblem = problem;
    this.logger.warn({ file: problem.file, code: problem.code }, problem.message);
    this.options.onProblem?.(problem);
  }

  /** Scan again in `delayMs` (or sooner if a scan is already due sooner). */
  private wake(delayMs: number): void {
    if (!this.running) return;
    const atMs = performance.now() + delayMs;
    if (atMs >= this.wakeAtMs) return;
    clearTimeout(this.wakeTimer);
    this.wakeAtMs = atMs;
    this.wakeTimer = setTimeout(() => {
      this.wakeAtMs = Number.POSITIVE_INFINITY;
      this.scan().catch((error: unknown) => this.logger.error({ err: error }, 'scanning the signal directory failed'));
    }, Math.max(0, delayMs));
  }

  private scan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.scanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.scanAgain = false;
        await this.scanOnce();
      } while (this.scanAgain && this.running);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (!this.running) return;
    const paths = [...(await listCsv(this.inflightDir)), ...(await listCsv(this.options.dir))];
    const nowMs = performance.now();
    for (const path of paths) {
      if (this.queued.has(path)) continue;
      const file = await stat(path).catch(() => undefined);
      if (file === undefined || !file.isFile()) continue;
      const quietMs = this.settle.observe(path, file, nowMs, Date.now());
      const retry = this.retries.get(path);
      if (retry !== undefined && retry.atMs > nowMs) this.wake(retry.atMs - nowMs);
      else if (quietMs < this.settleMs) this.wake(this.settleMs - quietMs);
      else if (quietMs < this.unterminatedSettleMs && !(await endsWithNewline(path, file.size).catch(() => false))) {
        this.wake(this.unterminatedSettleMs - quietMs);
      } else {
        this.queue.push(path);
        this.queued.add(path);
      }
    }
    const present = new Set(paths);
    this.settle.retain(present);
    for (const path of this.retries.keys()) if (!present.has(path)) this.retries.delete(path);
    this.kick();
  }

  private kick(): void {
    if (this.worker !== undefined || this.queue.length === 0 || !this.running) return;
    this.worker = this.drain().finally(() => {
      this.worker = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.running && this.queue.length > 0) {
      const path = this.queue.shift()!;
      const outcome = await this.processor.process(path);
      this.queued.delete(path);
      this.settle.forget(path);
      if (outcome.kind === 'gone') continue;
      this.settle.forget(outcome.path);
      if (outcome.kind === 'error') {
        const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        this.report({ file: outcome.path, code: 'IO_FAILED', message: `${outcome.path}: ${reason}; retried later` });
      }
      if (outcome.kind === 'failed' || outcome.kind === 'error') this.retryLater(outcome.path);
      else this.retries.delete(outcome.path);
      if (outcome.kind === 'changed') this.wake(this.settleMs);
    }
  }

  private retryLater(path: string): void {
    const previous = this.retries.get(path);
    const delayMs = previous === undefined ? (this.options.retryMs ?? 1000) : Math.min(RETRY_MAX_MS, previous.delayMs * 2);
    this.retries.set(path, { atMs: performance.now() + delayMs, delayMs });
    this.wake(delayMs);
  }
}
