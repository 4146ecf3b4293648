import { open } from 'node:fs/promises';

export interface StableFile {
  readonly buffer: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Read a whole file once, and only if it did not change while being read (size and mtime equal before and
 * after, and every byte read): a file still being appended is never half-taken. Undefined when it changed.
 */
export async function readStableFile(path: string): Promise<StableFile | undefined> {
  const handle = await open(path, 'r');
  try {
    const before = await handle.stat();
    const buffer = Buffer.allocUnsafe(before.size);
    let read = 0;
    while (read < before.size) {
      const { bytesRead } = await handle.read(buffer, read, before.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const after = await handle.stat();
    if (read !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) return undefined;
    return { buffer, size: before.size, mtimeMs: before.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Whether the file's last byte is a newline (its last line is complete). */
export async function endsWithNewline(path: string, size: number): Promise<boolean> {
  if (size === 0) return false;
  const handle = await open(path, 'r');
  try {
    const byte = Buffer.alloc(1);
    const { bytesRead } = await handle.read(byte, 0, 1, size - 1);
    return bytesRead === 1 && byte[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
