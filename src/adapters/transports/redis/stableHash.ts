/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`: the same number in every process and every release,
 * which is all partitioning needs. Written here rather than taken from a library because it runs once per
 * published message and is four lines.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
