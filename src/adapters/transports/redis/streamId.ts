/** Stream ids `<ms>-<seq>`, compared numerically (a string comparison would put 9-0 after 10-0). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = splitId(a);
  const [bMs, bSeq] = splitId(b);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

/** The smallest id after `id`. */
export function nextStreamId(id: string): string {
  const [ms, seq] = splitId(id);
  return `${ms}-${seq + 1}`;
}

export function minStreamId(ids: readonly string[]): string | undefined {
  let min: string | undefined;
  for (const id of ids) if (min === undefined || compareStreamIds(id, min) < 0) min = id;
  return min;
}

function splitId(id: string): [number, number] {
  const dash = id.indexOf('-');
  return dash < 0 ? [Number(id), 0] : [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}
