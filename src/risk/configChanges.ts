/**
 * What changed between two configurations, as `key.path: old → new` lines in key order (for RiskConfigChanged
 * and the log). Keys present on one side only show `(unset)` on the other.
 */
export function configChanges(before: unknown, after: unknown): string[] {
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: string[] = [];
  for (const key of keys) {
    const from = a.get(key);
    const to = b.get(key);
    if (from !== to) changes.push(`${key}: ${from ?? '(unset)'} → ${to ?? '(unset)'}`);
  }
  return changes;
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(prefix, JSON.stringify(value));
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    for (const [key, child] of entries) flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
  } else if (value !== undefined) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}
