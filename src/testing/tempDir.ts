import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

/**
 * A fresh temporary directory, removed when the test process exits (each test file runs in its own process).
 * Not tied to a test or hook: one made in a `before` hook lives as long as the tests that use it.
 */
export function makeTempDir(prefix = 'fortress-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const path of made) rmSync(path, { recursive: true, force: true });
    });
  }
  return dir;
}
