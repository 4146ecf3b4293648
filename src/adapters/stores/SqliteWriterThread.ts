import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { FortressError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import type { SqliteSynchronousMode } from './configureSqliteConnection.js';
import type { SqliteEventBatch } from './SqliteEventBatch.js';
import { STATUS_COMMITTED, STATUS_FAILURES, STATUS_PROGRESS, STATUS_SLOTS } from './writerProtocol.js';
import type { BatchMessage, RequestMessage, WriterConfig, WriterReply } from './writerProtocol.js';

type DoneReply = Extract<WriterReply, { kind: 'done' }>;
/** A request before it is given its token. */
type Request = RequestMessage extends infer R ? (R extends unknown ? Omit<R, 'token'> : never) : never;

type PendingBatch = Omit<BatchMessage, 'kind'>;

interface Waiter {
  readonly resolve: (reply: DoneReply) => void;
  readonly reject: (error: Error) => void;
}

export interface SqliteWriterThreadOptions {
  readonly path: string;
  readonly synchronous: SqliteSynchronousMode;
  readonly rowsPerStatement: number;
  /** Batches handed over but not yet committed before `submit` blocks the caller (back-pressure). */
  readonly maxPendingBatches: number;
  readonly logger: Logger;
}

/** A writer that made no progress for this long while the caller waited for room is reported as failed. */
const STALL_LIMIT_MS = 30_000;

/**
 * The main thread's side of the writer thread. A handed batch stays here until the writer has committed it
 * (read from shared memory, no message needed), so a failed write loses nothing: after a failure has been
 * reported every unacknowledged batch is sent again, in order, and the writer skips what it already has.
 * When the writer falls `maxPendingBatches` behind, `submit` waits (Atomics.wait) so memory stays bounded.
 *
 * The thread is unref'd while idle, so a store that is never closed does not keep the process alive; it is
 * ref'd while a request (flush, snapshot, close) is outstanding, so an awaited flush always completes.
 */
export class SqliteWriterThread {
  private readonly status = new Int32Array(new SharedArrayBuffer(STATUS_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly pending: PendingBatch[] = [];
  private readonly waiting = new Map<number, Waiter>();
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly exited: Promise<void>;
  private lastNumber = 0;
  private seenFailures = 0;
  private resendNeeded = false;
  private lastFailure = 'unknown reason';
  private nextToken = 1;
  private closing = false;
  private fatal: FortressError | undefined;

  constructor(private readonly options: SqliteWriterThreadOptions) {
    const { port1, port2 } = new MessageChannel();
    const config: WriterConfig = {
      path: options.path,
      synchronous: options.synchronous,
      rowsPerStatement: options.rowsPerStatement,
      status: this.status.buffer as SharedArrayBuffer,
      replies: port2,
    };
    this.worker = new Worker(new URL('./sqliteWriterWorker.js', import.meta.url), {
      workerData: config,
      transferList: [port2],
    });
    this.replies = port1;
    this.replies.on('message', (reply: WriterReply) => this.onReply(reply));
    this.replies.unref();
    this.worker.unref();
    this.worker.on('error', (error: Error) => this.fail(`the writer thread crashed: ${error.message}`));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code: number) => {
        if (!this.closing) this.fail(`the writer thread exited unexpectedly (code ${code})`);
        resolve();
      });
    });
  }

  /** Events handed over and not yet known to be committed. */
  pendingEvents(): number {
    this.release();
    let count = 0;
    for (const batch of this.pending) count += batch.count;
    return count;
  }

  /** Hand a batch to the writer. Blocks only when the writer is `maxPendingBatches` behind. */
  submit(batch: SqliteEventBatch): void {
    if (this.fatal !== undefined) throw this.fatal;
    this.release();
    if (this.resendNeeded) this.resend();
    const pending: PendingBatch = { number: ++this.lastNumber, count: batch.count, strings: batch.strings, numbers: batch.numbers };
    this.pending.push(pending);
    this.post(pending);
    if (this.pending.length > this.options.maxPendingBatches) this.waitForRoom();
  }

  /** Throws (once per failure) when a write failed since the last report; the next submit or sync retries. */
  throwIfFailed(): void {
    if (this.fatal !== undefined) throw this.fatal;
    const failures = Atomics.load(this.status, STATUS_FAILURES);
    if (failures === this.seenFailures) return;
    this.seenFailures = failures;
    this.resendNeeded = true;
    this.drainReplies(); // the writer posts the reason before it counts the failure
    throw this.writeFailed();
  }

  /** Resolves once everything submitted so far is committed; rejects (keeping it all) if a write failed. */
  async sync(): Promise<void> {
    const target = this.prepareRequest();
    this.check(await this.request({ kind: 'flush' }), target);
  }

  /** Written after every submitted batch, and only if they are all committed. */
  async saveSnapshot(name: string, seq: number | 'head', ts: number, stateJson: string): Promise<number> {
    const target = this.prepareRequest();
    const reply = await this.request({ kind: 'snapshot', afterBatch: target, name, seq, ts, stateJson });
    this.check(reply, target);
    if (reply.error !== undefined) throw this.writeFailed(`saving snapshot ${name}: ${reply.error}`);
    return reply.seq ?? (seq === 'head' ? 0 : seq);
  }

  /** Call after a successful sync: the writer closes its connection and the thread ends. */
  async close(): Promise<void> {
    if (this.fatal === undefined) {
      this.closing = true;
      const reply = await this.request({ kind: 'close' });
      if (reply.error !== undefined) this.options.logger.warn({ path: this.options.path, reason: reply.error }, 'event store writer closed with an error');
    }
    this.closing = true;
    this.worker.ref();
    await this.worker.terminate();
    await this.exited;
  }

  private prepareRequest(): number {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.resendNeeded) this.resend();
    return this.lastNumber;
  }

  private check(reply: DoneReply, target: number): void {
    this.seenFailures = Math.max(this.seenFailures, reply.failures);
    this.release(reply.committed);
    if (reply.committed < target) {
      this.resendNeeded = true;
      throw this.writeFailed();
    }
  }

  private request(message: Request): Promise<DoneReply> {
    if (this.fatal !== undefined) return Promise.reject(this.fatal);
    const token = this.nextToken++;
    return new Promise<DoneReply>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject });
      if (this.waiting.size === 1) this.replies.ref();
      this.worker.postMessage({ ...message, token } as RequestMessage);
    });
  }

  private onReply(reply: WriterReply): void {
    if (reply.kind === 'failed') {
      this.lastFailure = reply.reason;
      this.options.logger.error({ path: this.options.path, failures: reply.failures, reason: reply.reason }, 'event store batch write failed');
      return;
    }
    const waiter = this.waiting.get(reply.token);
    if (waiter === undefined) return;
    this.waiting.delete(reply.token);
    if (this.waiting.size === 0) this.replies.unref();
    waiter.resolve(reply);
  }

  private drainReplies(): void {
    for (let received = receiveMessageOnPort(this.replies); received !== undefined; received = receiveMessageOnPort(this.replies)) {
      this.onReply(received.message as WriterReply);
    }
  }

  private release(committed = Atomics.load(this.status, STATUS_COMMITTED)): void {
    const pending = this.pending;
    while (pending.length > 0 && pending[0]!.number <= committed) pending.shift();
  }

  private resend(): void {
    this.resendNeeded = false;
    for (const batch of this.pending) this.post(batch);
  }

  private post(batch: PendingBatch): void {
    const message: BatchMessage = { kind: 'batch', number: batch.number, count: batch.count, strings: batch.strings, numbers: batch.numbers };
    this.worker.postMessage(message);
  }

  /** Block until the writer catches up, a write fails (the caller's throwIfFailed reports it) or it stalls. */
  private waitForRoom(): void {
    let idleMs = 0;
    for (;;) {
      const progress = Atomics.load(this.status, STATUS_PROGRESS);
      this.release();
      if (this.pending.length <= this.options.maxPendingBatches) return;
      if (Atomics.load(this.status, STATUS_FAILURES) !== this.seenFailures) return;
      if (Atomics.wait(this.status, STATUS_PROGRESS, progress, 1_000) === 'timed-out') idleMs += 1_000;
      else idleMs = 0;
      if (idleMs >= STALL_LIMIT_MS) throw this.writeFailed(`the writer thread made no progress for ${STALL_LIMIT_MS / 1000} s`);
    }
  }

  private fail(reason: string): void {
    if (this.fatal !== undefined) return;
    this.options.logger.error({ path: this.options.path, reason }, 'event store writer thread failed');
    this.fatal = new FortressError('EVENT_STORE_WRITER_FAILED', `event store ${this.options.path}: ${reason}; ${this.pendingEvents()} events were not written`, {
      path: this.options.path,
      reason,
    });
    for (const waiter of this.waiting.values()) waiter.reject(this.fatal);
    this.waiting.clear();
    this.replies.unref();
  }

  private writeFailed(reason = this.lastFailure): FortressError {
    const buffered = this.pendingEvents();
    return new FortressError(
      'EVENT_STORE_WRITE_FAILED',
      `event store ${this.options.path}: writing ${buffered} buffered events failed (${reason}); they stay buffered for the next flush`,
      { path: this.options.path, buffered, reason },
    );
  }
}
