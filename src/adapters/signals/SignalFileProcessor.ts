import { rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../../core/index.js';
import { freeName } from './freeName.js';
import { readInflightMarker, removeInflightMarker, writeInflightMarker } from './inflightMarker.js';
import { readStableFile } from './readStableFile.js';
import { sha256Ref, sha256RefOfLarge } from './sha256Ref.js';
import { SidecarWriter } from './SidecarWriter.js';
import { SIGNAL_SUBDIRS, type SignalFileIdentity, type SignalFileParser, type SignalFileProblem, type SignalFileRows } from './signalFileTypes.js';

export type ProcessOutcome =
  | { readonly kind: 'done'; readonly path: string; readonly destination: string }
  /** Changed while or after being read: observe it again (same source ref, from its marker). */
  | { readonly kind: 'changed'; readonly path: string }
  /** Delivery failed: retry later; the file waits in `.inflight/`. */
  | { readonly kind: 'failed'; readonly path: string }
  | { readonly kind: 'stopped'; readonly path: string }
  /** An I/O error: retry later. */
  | { readonly kind: 'error'; readonly path: string; readonly error: unknown }
  | { readonly kind: 'gone' };

export interface SignalFileProcessorDeps<R extends SignalFileRows> {
  readonly dir: string;
  readonly createParser: (fileName: string) => SignalFileParser<R>;
  readonly deliver: (rows: R, sourceRef: string) => Promise<void>;
  readonly logger: Logger;
  readonly chunkBytes: number;
  readonly maxFileBytes: number;
  readonly identity: SignalFileIdentity;
  readonly report: (problem: SignalFileProblem) => void;
  readonly isRunning: () => boolean;
}

/**
 * Takes one settled signal file: moves it into `.inflight/` (a writer appending by path after this starts a
 * new file instead of growing this one), reads it once, delivers its rows piece by piece under its content
 * hash, and only after every piece was delivered (stored) moves it to `processed/`, or to `errors/` with a
 * sidecar when any line could not be read.
 */
export class SignalFileProcessor<R extends SignalFileRows> {
  private readonly inflightDir: string;

  constructor(private readonly deps: SignalFileProcessorDeps<R>) {
    this.inflightDir = join(deps.dir, SIGNAL_SUBDIRS.inflight);
  }

  async process(path: string): Promise<ProcessOutcome> {
    let inflightPath = path;
    try {
      if (dirname(path) !== this.inflightDir) {
        inflightPath = join(this.inflightDir, await freeName(this.inflightDir, basename(path)));
        if (!(await moved(path, inflightPath))) return { kind: 'gone' };
      }
      return await this.take(path, inflightPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
      return { kind: 'error', path: inflightPath, error };
    }
  }

  private async take(path: string, inflightPath: string): Promise<ProcessOutcome> {
    const { deps } = this;
    const marker = await readInflightMarker(inflightPath);
    const name = marker?.name ?? basename(path);
    const sidecar = new SidecarWriter(`${inflightPath}.errors.tmp`, name);
    await sidecar.reset();
    const size = (await stat(inflightPath)).size;
    if (size > deps.maxFileBytes) {
      await sidecar.whole(`it is ${size} bytes, more than the configured maximum of ${deps.maxFileBytes}`);
      return this.finish(inflightPath, name, sidecar, 'not read: too large', 'FILE_TOO_LARGE');
    }
    const file = await readStableFile(inflightPath);
    if (file === undefined) return { kind: 'changed', path: inflightPath };
    const sourceRef = marker?.sourceRef ?? (await this.sourceRefOf(name, file.buffer));
    if (marker === undefined) await writeInflightMarker(inflightPath, { sourceRef, name });
    deps.logger.info({ file: name, bytes: file.size, sourceRef }, 'taking signal file');
    const parser = deps.createParser(name);
    let signals = 0;
    for (let start = 0; start < file.size; ) {
      if (!deps.isRunning()) return { kind: 'stopped', path: inflightPath };
      const end = pieceEnd(file.buffer, start, deps.chunkBytes);
      const rows = parser.parse(file.buffer.toString('utf8', start, end));
      start = end;
      await sidecar.add(rows.problems);
      signals += rows.signals.length;
      if (rows.signals.length + rows.problems.length === 0) continue;
      try {
        await deps.deliver(rows, sourceRef);
      } catch (error) {
        const message = `${name}: delivery failed (${error instanceof Error ? error.message : String(error)}); kept in ${SIGNAL_SUBDIRS.inflight}/ and retried (source ref ${sourceRef})`;
        deps.report({ file: name, code: 'DELIVERY_FAILED', message });
        return { kind: 'failed', path: inflightPath };
      }
    }
    const after = await stat(inflightPath);
    if (after.size !== file.size || after.mtimeMs !== file.mtimeMs) {
      deps.report({ file: name, code: 'CHANGED_AFTER_READ', message: `${name}: grew while being delivered; it is read again under the same source ref ${sourceRef}` });
      return { kind: 'changed', path: inflightPath };
    }
    return this.finish(inflightPath, name, sidecar, `${signals} row(s) delivered as signals (source ref ${sourceRef})`, 'ROWS_REJECTED');
  }

  private async sourceRefOf(name: string, content: Buffer): Promise<string> {
    const contentRef = await sha256RefOfLarge(content);
    return this.deps.identity === 'content' ? contentRef : sha256Ref(`${name}\0${contentRef}`);
  }

  private async finish(inflightPath: string, name: string, sidecar: SidecarWriter, delivered: string, code: SignalFileProblem['code']): Promise<ProcessOutcome> {
    const { dir, logger, report } = this.deps;
    const failed = sidecar.count > 0 || code === 'FILE_TOO_LARGE';
    const folder = failed ? SIGNAL_SUBDIRS.errors : SIGNAL_SUBDIRS.processed;
    const target = await freeName(join(dir, folder), name);
    if (failed) {
      const summary = code === 'FILE_TOO_LARGE' ? delivered : `${sidecar.count} bad line(s); ${delivered}`;
      await sidecar.finish(join(dir, folder, `${target}.errors.txt`), summary);
      const message = `${name}: ${summary}; moved to ${folder}/${target}, reasons in ${folder}/${target}.errors.txt`;
      report({ file: name, code, message, ...(code === 'ROWS_REJECTED' ? { badLines: sidecar.count } : {}) });
    }
    const destination = join(dir, folder, target);
    await rename(inflightPath, destination);
    await removeInflightMarker(inflightPath);
    logger.info({ file: name, destination: `${folder}/${target}`, badLines: sidecar.count }, `signal file done: ${delivered}`);
    return { kind: 'done', path: inflightPath, destination };
  }
}

/** End of the piece starting at `start`: the last line end within `chunkBytes`, or the end of an overlong line. */
function pieceEnd(buffer: Buffer, start: number, chunkBytes: number): number {
  const limit = start + chunkBytes;
  if (limit >= buffer.length) return buffer.length;
  const lastNewline = buffer.lastIndexOf(0x0a, limit - 1);
  if (lastNewline >= start) return lastNewline + 1;
  const nextNewline = buffer.indexOf(0x0a, limit);
  return nextNewline === -1 ? buffer.length : nextNewline + 1;
}

async function moved(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
