import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Write a file atomically (temp file, then rename): a crash never leaves half a report or half a broker state.
 * `mode` applies from the temp file's creation, so a secret is never readable by others, even briefly.
 */
export function writeFileAtomic(path: string, text: string, options: { readonly mode?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  // A temp file a crash left behind keeps its old mode when rewritten: start from none.
  if (options.mode !== undefined) rmSync(temp, { force: true });
  writeFileSync(temp, text, options.mode !== undefined ? { mode: options.mode } : {});
  renameSync(temp, path);
}

/**
 * Keeps one file current without blocking the event loop: `write` hands over the newest text; one atomic
 * write (temp file, then rename) runs at a time and a text superseded while it runs is skipped, so the file
 * never goes back to an older state. `settled()` resolves once the newest text handed over is on disk.
 */
export class LatestFileWriter {
  private pending: string | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly path: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(text: string): void {
    this.pending = text;
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  private async drain(): Promise<void> {
    const temp = `${this.path}.tmp-${process.pid}`;
    while (this.pending !== undefined) {
      const text = this.pending;
      this.pending = undefined;
      try {
        await mkdir(dirname(this.path), { recursive: true });
        await writeFile(temp, text);
        await rename(temp, this.path);
      } catch (error) {
        this.failure = error;
        this.onError(error);
      }
    }
  }
}
