import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import Table from 'cli-table3';
import { passes, type BenchResult } from './types.js';
import { runDataBenchmarks } from './data.js';
import { runStoreBenchmarks } from './store.js';
import { runStrategyBenchmarks } from './strategy.js';
import { runRiskBenchmarks } from './risk.js';
import { runExecutionBenchmarks } from './execution.js';
import { runPipelineBenchmarks } from './pipeline.js';
import { runRuntimeBenchmarks } from './runtime.js';
import { runHttpBenchmarks } from './http.js';
import { runSignalBenchmarks } from './signals.js';
import { runApiBenchmarks } from './api.js';
import { runPostgresStoreBenchmark } from './postgresStore.js';
import { runRedisStreamsBenchmark } from './redisStreams.js';
import { runDistributedBenchmarks } from './distributed.js';

/** `npm run bench`: every number an issue names, measured here, printed and written to bench/results.json. */
const suites: readonly [string, () => Promise<BenchResult[]>][] = [
  ['pipeline', runPipelineBenchmarks],
  ['data', runDataBenchmarks],
  ['strategy', runStrategyBenchmarks],
  ['risk', runRiskBenchmarks],
  ['execution', runExecutionBenchmarks],
  ['store', runStoreBenchmarks],
  ['runtime', runRuntimeBenchmarks],
  ['http', runHttpBenchmarks],
  ['signals', runSignalBenchmarks],
  ['api', runApiBenchmarks],
  ['store-postgres', runPostgresStoreBenchmark],
  ['redis-streams', runRedisStreamsBenchmark],
  ['distributed', runDistributedBenchmarks],
];

const only = process.argv.slice(2);
const results: (BenchResult & { suite: string; pass: boolean | null })[] = [];
for (const [suite, run] of suites) {
  if (only.length > 0 && !only.includes(suite)) continue;
  process.stderr.write(`bench: ${suite}…\n`);
  for (const result of await run()) results.push({ ...result, suite, pass: passes(result) ?? null });
}

const table = new Table({ head: ['suite', 'benchmark', 'value', 'unit', 'floor', 'ok'], ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }) });
for (const r of results) {
  const floor = r.floor === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${r.floor.toLocaleString('en-US')}`;
  table.push([r.suite, r.name, formatValue(r.value), r.unit, floor, r.pass === null ? '' : r.pass ? 'yes' : 'NO']);
}
console.log(table.toString());

mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, results }, null, 2)}\n`,
);
console.log('written bench/results.json');
const failed = results.filter((r) => r.pass === false);
if (failed.length > 0) console.log(`${failed.length} benchmark(s) below their floor: ${failed.map((r) => r.name).join(', ')}`);

function formatValue(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(4);
}
