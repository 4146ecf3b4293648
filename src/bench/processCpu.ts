import { readFileSync } from 'node:fs';

/** Seconds of CPU (user + system) a process has used so far, from /proc (Linux); undefined where it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not exposed to Node). */
const CLOCK_TICKS_PER_S = 100;

/** The CPU used by each named process between two readings, per 1,000 ticks (ms), as `name x, name y`. */
export function describeCpu(before: ReadonlyMap<string, number | undefined>, after: ReadonlyMap<string, number | undefined>, ticks: number): string {
  const parts: string[] = [];
  for (const [name, end] of after) {
    const start = before.get(name);
    if (start === undefined || end === undefined || ticks === 0) continue;
    parts.push(`${name} ${(((end - start) * 1000) / (ticks / 1000)).toFixed(1)}`);
  }
  return parts.length === 0 ? 'not measured' : `CPU ms per 1,000 ticks: ${parts.join(', ')}`;
}
