import { access } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** `name` if `dir` has no such file, else `stem.1.ext`, `stem.2.ext`, … (a file dropped twice keeps both copies). */
export async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${stem}.${n}${ext}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
