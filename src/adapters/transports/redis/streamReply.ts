/** One stream entry as Redis returned it (RESP2, binary-safe): the values are not decoded yet. */
export interface RawEntry {
  readonly stream: string;
  readonly id: string;
  readonly fields: readonly Buffer[];
}

/** Entries of an XREADGROUP reply (`[[stream, [[id, fields], …]], …]` or null), appended to `out`. */
export function collectReadReply(reply: unknown, out: RawEntry[]): void {
  if (!Array.isArray(reply)) return;
  for (const streamReply of reply) {
    if (!Array.isArray(streamReply) || streamReply.length < 2) continue;
    collectEntries(text(streamReply[0]), streamReply[1], out);
  }
}

/** `[[id, fields], …]` of one stream; an entry deleted meanwhile (fields null) is left out. */
export function collectEntries(stream: string, entries: unknown, out: RawEntry[]): void {
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length < 2 || !Array.isArray(entry[1])) continue;
    out.push({ stream, id: text(entry[0]), fields: (entry[1] as unknown[]).map(asBuffer) });
  }
}

/** Delivery counts by id from an extended XPENDING reply (`[[id, consumer, idleMs, deliveries], …]`). */
export function deliveryCounts(reply: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!Array.isArray(reply)) return counts;
  for (const row of reply) {
    if (Array.isArray(row) && row.length >= 4) counts.set(text(row[0]), Number(row[3]));
  }
  return counts;
}

/** A flat `[field, value, field, value…]` reply as an object of strings (XINFO). */
export function flatRecord(reply: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (!Array.isArray(reply)) return record;
  for (let i = 0; i + 1 < reply.length; i += 2) record[text(reply[i])] = Buffer.isBuffer(reply[i + 1]) ? text(reply[i + 1]) : reply[i + 1];
  return record;
}

export function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : String(value);
}

function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(typeof value === 'string' ? value : String(value));
}
