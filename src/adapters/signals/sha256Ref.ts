import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** Characters of the hex digest kept: 96 bits, short enough for signal and client order ids. */
export const SOURCE_REF_CHARS = 24;

const SLICE_BYTES = 8 * 1024 * 1024;

/** A source ref from content: the first 24 hex digits of its SHA-256. */
export function sha256Ref(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, SOURCE_REF_CHARS);
}

/** The same for a large buffer, hashed in slices so the event loop keeps running (a 50 MB file takes ~100 ms). */
export async function sha256RefOfLarge(buffer: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < buffer.length; offset += SLICE_BYTES) {
    hash.update(buffer.subarray(offset, offset + SLICE_BYTES));
    if (offset + SLICE_BYTES < buffer.length) await yieldToLoop();
  }
  return hash.digest('hex').slice(0, SOURCE_REF_CHARS);
}
