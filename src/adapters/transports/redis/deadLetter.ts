import type { RawEntry } from './streamReply.js';
import { collectEntries, text } from './streamReply.js';

/** Why a message went to the dead-letter stream, as written there. */
export interface DeadLetterRecord {
  readonly entry: RawEntry;
  readonly reason: string;
  readonly deliveries: number;
  /** The handler's error, when it was the handler that failed. */
  readonly error?: string;
}

/** A dead-letter entry read back: what was wrong, where it came from, and the original fields byte for byte. */
export interface DeadLetter {
  readonly id: string;
  readonly reason: string;
  readonly sourceStream: string;
  readonly sourceId: string;
  readonly group: string;
  readonly consumer: string;
  readonly deliveries: number;
  readonly error?: string;
  readonly original: readonly { readonly field: string; readonly value: Buffer }[];
}

const ORIGINAL_PREFIX = 'original:';

/** XADD arguments after the stream name: metadata first, then the original fields renamed `original:<field>`. */
export function deadLetterFields(record: DeadLetterRecord, group: string, consumer: string): (string | Buffer | number)[] {
  const fields: (string | Buffer | number)[] = [
    'reason', record.reason,
    'source-stream', record.entry.stream,
    'source-id', record.entry.id,
    'group', group,
    'consumer', consumer,
    'deliveries', record.deliveries,
  ];
  if (record.error !== undefined) fields.push('error', record.error);
  const original = record.entry.fields;
  for (let i = 0; i + 1 < original.length; i += 2) fields.push(`${ORIGINAL_PREFIX}${original[i]!.toString('latin1')}`, original[i + 1]!);
  return fields;
}

/** Entries of an XRANGE reply on the dead-letter stream. */
export function parseDeadLetters(stream: string, reply: unknown): DeadLetter[] {
  const entries: RawEntry[] = [];
  collectEntries(stream, reply, entries);
  return entries.map((entry) => {
    const meta = new Map<string, string>();
    const original: { field: string; value: Buffer }[] = [];
    for (let i = 0; i + 1 < entry.fields.length; i += 2) {
      const name = entry.fields[i]!.toString('latin1');
      if (name.startsWith(ORIGINAL_PREFIX)) original.push({ field: name.slice(ORIGINAL_PREFIX.length), value: entry.fields[i + 1]! });
      else meta.set(name, text(entry.fields[i + 1]));
    }
    const error = meta.get('error');
    return {
      id: entry.id,
      reason: meta.get('reason') ?? '',
      sourceStream: meta.get('source-stream') ?? '',
      sourceId: meta.get('source-id') ?? '',
      group: meta.get('group') ?? '',
      consumer: meta.get('consumer') ?? '',
      deliveries: Number(meta.get('deliveries') ?? 0),
      ...(error === undefined ? {} : { error }),
      original,
    };
  });
}
