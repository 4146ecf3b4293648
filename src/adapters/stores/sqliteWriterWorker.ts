import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureSqliteConnection } from './configureSqliteConnection.js';
import { SqliteEventWriter } from './SqliteEventWriter.js';
import { STATUS_COMMITTED, STATUS_FAILURES, STATUS_PROGRESS } from './writerProtocol.js';
import type { BatchMessage, RequestMessage, WriterConfig, WriterMessage, WriterReply } from './writerProtocol.js';

const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The writer thread of SqliteEventStore: it owns the connection that writes, so the inserts (the B-trees,
 * the WAL) cost the main thread nothing. It answers requests in arrival order, so a reply to a request
 * means every batch sent before it has been handled. Started by SqliteWriterThread; not imported anywhere.
 */
class WriterLoop {
  private readonly status: Int32Array;
  private readonly db: Database.Database | undefined;
  private readonly writer: SqliteEventWriter | undefined;
  private readonly openError: string | undefined;
  private committed = 0;
  private failures = 0;

  constructor(
    private readonly config: WriterConfig,
    private readonly requests: MessagePort,
  ) {
    this.status = new Int32Array(config.status);
    let db: Database.Database | undefined;
    try {
      // The main thread created and migrated the file; a missing file here means it was removed under us.
      db = new Database(config.path, { fileMustExist: true });
      configureSqliteConnection(db, config.synchronous);
      // Checkpoint every ~40 MB of WAL instead of every ~4 MB: a page rewritten by many batches (the right edge
      // of each B-tree) is copied back once, and the checkpoint's fsyncs are ten times rarer (−0.4…0.8 µs/event).
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      this.writer = new SqliteEventWriter(db, config.rowsPerStatement);
      this.db = db;
    } catch (error) {
      db?.close();
      this.openError = `cannot open ${config.path} for writing: ${messageOf(error)}`;
    }
  }

  handle(message: WriterMessage): void {
    if (message.kind === 'batch') this.writeBatch(message);
    else this.answer(message);
  }

  private writeBatch(batch: BatchMessage): void {
    // Already written (a retry that crossed the acknowledgement), or behind a batch that failed: skip. The
    // main thread sends everything unacknowledged again, in order, after it has seen the failure.
    if (batch.number !== this.committed + 1) return;
    try {
      if (this.writer === undefined) throw new Error(this.openError);
      this.writer.write(batch.strings, batch.numbers, batch.count);
      this.committed = batch.number;
      Atomics.store(this.status, STATUS_COMMITTED, this.committed);
    } catch (error) {
      this.failures++;
      this.reply({ kind: 'failed', failures: this.failures, reason: messageOf(error) });
      Atomics.store(this.status, STATUS_FAILURES, this.failures);
    }
    Atomics.add(this.status, STATUS_PROGRESS, 1);
    Atomics.notify(this.status, STATUS_PROGRESS);
  }

  private answer(request: RequestMessage): void {
    let error: string | undefined;
    let seq: number | undefined;
    if (request.kind === 'snapshot') ({ error, seq } = this.saveSnapshot(request));
    if (request.kind === 'close') error = this.close();
    this.reply({ kind: 'done', token: request.token, committed: this.committed, failures: this.failures, ...(error !== undefined ? { error } : {}), ...(seq !== undefined ? { seq } : {}) });
    if (request.kind === 'close') {
      this.config.replies.close();
      this.requests.close();
    }
  }

  private saveSnapshot(request: Extract<RequestMessage, { kind: 'snapshot' }>): { error?: string; seq?: number } {
    if (this.committed < request.afterBatch) return { error: 'the events before it are not written yet' };
    try {
      if (this.db === undefined) throw new Error(this.openError);
      // Requests are handled in arrival order: every batch sent before this one is written, none sent after.
      const seq = request.seq === 'head' ? ((this.db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number | undefined) ?? 0) : request.seq;
      this.db
        .prepare(
          'INSERT INTO snapshots (name, seq, ts, state) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, ts = excluded.ts, state = excluded.state',
        )
        .run(request.name, seq, request.ts, request.stateJson);
      return { seq };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }

  private close(): string | undefined {
    try {
      this.db?.close();
      return undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  private reply(reply: WriterReply): void {
    this.config.replies.postMessage(reply);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (parentPort !== null) {
  const loop = new WriterLoop(workerData as WriterConfig, parentPort);
  parentPort.on('message', (message: WriterMessage) => loop.handle(message));
}
