interface Observation {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly sinceMs: number;
}

export interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** Coarsest mtime resolution to allow for (FAT/SMB shares, where AmiBroker on Windows may write): 2 s. */
const MTIME_RESOLUTION_MS = 2000;

/** How long each watched file has gone unchanged (size, mtime and inode the same). */
export class SettleTracker {
  private readonly observations = new Map<string, Observation>();

  /**
   * Record what the file looks like now and return how long it has been quiet: since it was first seen in
   * this state, or since its mtime (wall clock, less the coarsest mtime resolution) when that is longer, so
   * a file already complete when the watcher starts is not made to wait again.
   */
  observe(path: string, state: FileState, nowMs: number, wallNowMs: number): number {
    const seen = this.observations.get(path);
    if (seen === undefined || seen.size !== state.size || seen.mtimeMs !== state.mtimeMs || seen.ino !== state.ino) {
      this.observations.set(path, { size: state.size, mtimeMs: state.mtimeMs, ino: state.ino, sinceMs: nowMs });
      return seen === undefined ? Math.max(0, wallNowMs - state.mtimeMs - MTIME_RESOLUTION_MS) : 0;
    }
    return Math.max(nowMs - seen.sinceMs, wallNowMs - state.mtimeMs - MTIME_RESOLUTION_MS);
  }

  forget(path: string): void {
    this.observations.delete(path);
  }

  /** Drop files no longer present. */
  retain(present: ReadonlySet<string>): void {
    for (const path of this.observations.keys()) if (!present.has(path)) this.observations.delete(path);
  }

  get size(): number {
    return this.observations.size;
  }
}
