import type { ConsumedMessage } from './transportPorts.js';

/**
 * Order of stream entries across streams: by entry id (`<ms>-<seq>`, the time Redis appended it), then by
 * stream name. A lockstep service applies each batch in this order, and a restart re-runs its history in it.
 */
export function compareConsumed(a: ConsumedMessage, b: ConsumedMessage): number {
  const byId = compareEntryIds(a.id, b.id);
  if (byId !== 0) return byId;
  return a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0;
}

export function compareEntryIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  const aMs = Number(aDash < 0 ? a : a.slice(0, aDash));
  const bMs = Number(bDash < 0 ? b : b.slice(0, bDash));
  if (aMs !== bMs) return aMs - bMs;
  return Number(aDash < 0 ? 0 : a.slice(aDash + 1)) - Number(bDash < 0 ? 0 : b.slice(bDash + 1));
}
