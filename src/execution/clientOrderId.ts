/**
 * Client order ids are derived from the intent (plus slice or leg), never drawn fresh, so a retried
 * submission of the same intent is recognised and can never create a second order.
 *
 * `clientOrderIdOf('i1')` → `i1`; a slice `clientOrderIdOf('i1', 's2')` → `i1-s2`; a bracket child `i1-tp` / `i1-sl`.
 */
export function clientOrderIdOf(intentId: string, part?: string): string {
  return part === undefined ? intentId : `${intentId}-${part}`;
}
