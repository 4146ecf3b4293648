import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const DATA_EXTENSIONS = new Set(['.csv', '.txt']);

/**
 * The bar file for `name` in `dataDir`: a file whose name without extension is `name` (`orcl-2014` →
 * `orcl-2014.txt`), else the largest file named `<name>-…`, `<name>_…` or `<name>.…` (`ORCL` →
 * `orcl-1995-2014.txt`: the most history; `from`/`to` narrow it). Case-insensitive; `.csv` or `.txt`.
 */
export function findDataFile(dataDir: string, name: string): string | undefined {
  if (!existsSync(dataDir)) return undefined;
  const wanted = name.toLowerCase();
  let best: { readonly path: string; readonly sizeBytes: number } | undefined;
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const extension = extname(entry.name).toLowerCase();
    if (!DATA_EXTENSIONS.has(extension)) continue;
    const stem = entry.name.slice(0, -extension.length).toLowerCase();
    const path = join(dataDir, entry.name);
    if (stem === wanted) return path;
    if (stem.startsWith(wanted) && '-_.'.includes(stem.charAt(wanted.length))) {
      const sizeBytes = statSync(path).size;
      if (best === undefined || sizeBytes > best.sizeBytes) best = { path, sizeBytes };
    }
  }
  return best?.path;
}
