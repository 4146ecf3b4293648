import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * Beside a file in `.inflight/`: the source ref it was first delivered under and its original name. A file
 * that grows after delivery, or is resumed after a crash, is delivered again under the same ref, so rows
 * already stored keep their idempotency keys and only new lines are new.
 */
export interface InflightMarker {
  readonly sourceRef: string;
  readonly name: string;
}

export const MARKER_SUFFIX = '.ref.json';

export async function readInflightMarker(filePath: string): Promise<InflightMarker | undefined> {
  try {
    const parsed = JSON.parse(await readFile(filePath + MARKER_SUFFIX, 'utf8')) as Partial<InflightMarker>;
    return typeof parsed.sourceRef === 'string' && typeof parsed.name === 'string' ? { sourceRef: parsed.sourceRef, name: parsed.name } : undefined;
  } catch {
    return undefined;
  }
}

export async function writeInflightMarker(filePath: string, marker: InflightMarker): Promise<void> {
  const tmp = `${filePath + MARKER_SUFFIX}.tmp`;
  await writeFile(tmp, `${JSON.stringify(marker)}\n`);
  await rename(tmp, filePath + MARKER_SUFFIX);
}

export async function removeInflightMarker(filePath: string): Promise<void> {
  await rm(filePath + MARKER_SUFFIX, { force: true });
}
