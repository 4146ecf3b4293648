import type { AnyEvent } from '../../core/index.js';

/** An id of the core id source: 9 base36 characters of time, 7 of sequence. */
const ID_TOKEN = /[0-9a-z]{16}/g;

/**
 * A log in a form two runs can be compared in: per partition key, the events in log order, each written as
 * `type ts source payload` with every id (event ids, signal/intent/decision ids and what is derived from them,
 * such as client order and fill ids) replaced by `#n`, its order of first appearance under that key. Envelope
 * ids (id, correlationId, causationId, idempotencyKey) are left out, and so is the approval signature, which
 * only a distributed deployment writes. Two runs with the same decisions give the same text.
 */
export function normalizeLog(events: Iterable<AnyEvent>): Map<string, string[]> {
  const byKey = new Map<string, { lines: string[]; names: Map<string, string> }>();
  for (const event of events) {
    let entry = byKey.get(event.key);
    if (entry === undefined) byKey.set(event.key, (entry = { lines: [], names: new Map() }));
    const names = entry.names;
    const payload = JSON.stringify(withoutSignature(event)).replace(ID_TOKEN, (token) => {
      let name = names.get(token);
      if (name === undefined) names.set(token, (name = `#${names.size + 1}`));
      return name;
    });
    entry.lines.push(`${event.type} ${event.ts} ${event.source} ${payload}`);
  }
  return new Map([...byKey].map(([key, { lines }]) => [key, lines]));
}

function withoutSignature(event: AnyEvent): unknown {
  if (event.type !== 'RiskApproved' || event.payload.signature === undefined) return event.payload;
  const { signature: _signature, ...rest } = event.payload;
  return rest;
}
