import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const CSV = /\.csv$/i;

export function isCsvName(name: string): boolean {
  return CSV.test(name);
}

/** The `*.csv` files directly in `dir` (not its subfolders), as full paths in name order. */
export async function listCsv(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && CSV.test(e.name)).map((e) => join(dir, e.name)).sort();
}

/** Markers and report drafts in `.inflight/` whose file is gone (it was moved out just before a crash). */
export async function removeInflightOrphans(inflightDir: string): Promise<void> {
  const names = new Set(await readdir(inflightDir));
  for (const name of names) {
    const csvEnd = name.toLowerCase().lastIndexOf('.csv.');
    if (csvEnd > 0 && !names.has(name.slice(0, csvEnd + 4))) await rm(join(inflightDir, name), { force: true });
  }
}
