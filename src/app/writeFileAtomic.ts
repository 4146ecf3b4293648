import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
