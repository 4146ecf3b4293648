import type { SignalProblem } from './ParsedSignal.js';

/** One refusal per source row: every problem of a line (or, for a webhook, of the whole payload) joined. */
export interface RowRefusal {
  readonly line: number | undefined;
  readonly reason: string;
  readonly raw: string;
}

/** Problems grouped by line, in line order (the whole-source group first); a field problem reads `field reason`. */
export function groupProblemsByLine(problems: readonly SignalProblem[]): RowRefusal[] {
  const groups = new Map<number | undefined, SignalProblem[]>();
  for (const problem of problems) {
    const group = groups.get(problem.line);
    if (group === undefined) groups.set(problem.line, [problem]);
    else group.push(problem);
  }
  return [...groups.entries()]
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))
    .map(([line, group]) => ({
      line,
      reason: group.map((p) => (p.field === undefined ? p.reason : `${p.field} ${p.reason}`)).join('; '),
      raw: group[0]!.raw ?? '',
    }));
}
