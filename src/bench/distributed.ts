import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { StreamLayout } from '../adapters/index.js';
import { ApprovalKey, startDistributed } from '../app/index.js';
import { silentLogger } from '../core/index.js';
import { findPostgresBinDir, startPostgresServer, startRedisServer } from '../testing/index.js';
import { describeHops, hopBreakdown, type ExecutionSighting, type HopStats } from './distributedHops.js';
import { describeCpu, processCpuSeconds } from './processCpu.js';
import { percentile, type BenchResult } from './types.js';

const ENTRY = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const TICKS = fileURLToPath(new URL('./distributedTicks.js', import.meta.url));
const KEY = 'bench-approval-key-0123456789-abcdefghijkl';
const INSTRUMENTS = 20;
const MARKET_PARTITIONS = 8;

interface RunResult {
  readonly published: number;
  readonly publishedPerS: number;
  /** Per consumer group: ticks per second it got through, publish start to its last one. */
  readonly consumedPerS: Readonly<Record<string, number>>;
  readonly latenciesMs: readonly number[];
  readonly orders: number;
  readonly hops: readonly HopStats[];
  /** CPU per 1,000 ticks of each process, publish start to drained. */
  readonly cpu: string;
}

function writeHome(home: string): void {
  const symbols = Array.from({ length: INSTRUMENTS }, (_, i) => `S${i}`);
  writeFileSync(join(home, 'config.yaml'), [
    'account: { id: bench, currency: USD, startingCash: 100000000 }',
    'market:',
    '  feed: synthetic',
    `  instruments: [${symbols.map((s) => `{ symbol: ${s}, exchange: SIM, startPrice: 100, tickSize: 0.01 }`).join(', ')}]`,
    `strategies: [${symbols.map((s) => `{ id: sma-${s}, strategy: sma-crossover, instruments: [${s}.SIM], timeframe: 1s, params: { fast: 2, slow: 5 } }`).join(', ')}]`,
    'sizing: { quantity: 1 }',
    'broker: { fillModel: tick, slippageBps: 1 }',
    '',
  ].join('\n'));
  writeFileSync(join(home, 'risk_rules.yaml'), [
    'rules:',
    '  orderRateLimit: { enabled: true, maxOrders: 1000, windowMs: 1000 }',
    '  maxOrdersPerDay: { enabled: true, limit: 10000000 }',
    '  maxOrdersPerInstrumentPerDay: { enabled: true, limit: 10000000 }',
    '  maxPositionPct: { enabled: false }',
    '  liquidityGuard: { enabled: false }',
    '',
  ].join('\n'));
}

/**
 * One deployment on loopback, every part its own process: the strategy partitions, risk and portfolio started
 * with `fortress service`, the tick publisher (distributedTicks.ts, in the market-data service's place) at `rate`
 * per second for `seconds`, and the execution service in this process, where the moment an order reaches the
 * paper broker is seen on its bus. Tick-to-order: from publishing the tick that closed the one-second bar a
 * signal came from to its OrderSubmitted, both on the machine's wall clock at sub-millisecond resolution.
 */
async function runDeployment(partitions: number, seconds: number, rate: number): Promise<RunResult> {
  const [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer({ fsync: true })]);
  const home = mkdtempSync(join(tmpdir(), 'fortress-bench-distributed-'));
  writeHome(home);
  const children: ChildProcess[] = [];
  const names: string[] = [];
  const env = { ...process.env, FORTRESS_APPROVAL_KEY: KEY, LOG_LEVEL: 'warn' };
  const common = ['--bus', redis.url, '--store', postgres.url, '--home', home, '--market-partitions', String(MARKET_PARTITIONS)];
  // FORTRESS_BENCH_PROFILE_DIR: each service process (and the tick publisher) writes a CPU profile there.
  const profileDir = process.env.FORTRESS_BENCH_PROFILE_DIR;
  const nodeFlags = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const spawnService = (args: readonly string[]): void => {
    children.push(spawn(process.execPath, [...nodeFlags, ENTRY, 'service', ...args, ...common], { env, stdio: 'ignore' }));
    names.push(args.join(' ').replace('--partition ', ''));
  };
  for (let i = 0; i < partitions; i++) spawnService(['strategy', '--partition', `${i}/${partitions}`]);
  spawnService(['risk']);
  spawnService(['portfolio']);
  const deployment = await startDistributed({
    services: ['execution'], busUrl: redis.url, storeUrl: postgres.url, home, logger: silentLogger, approvalKey: ApprovalKey.parse(KEY), instance: 'bench', marketPartitions: MARKET_PARTITIONS,
  });
  const control = new Redis(redis.url);
  const layout = new StreamLayout({ partitions: { market: MARKET_PARTITIONS } });
  try {
    await waitForGroups(control, layout, ['strategy', 'risk', 'portfolio', 'execution']);
    // The execution service runs here: an order reaches the paper broker when OrderSubmitted is emitted on its bus.
    const bus = deployment.services[0]!.bus!;
    const signals = new Map<string, string>();
    const orders: { readonly second: string; readonly correlationId: string; readonly atMs: number }[] = [];
    const approvalsSeen = new Map<string, number>();
    const wallMs = (): number => performance.timeOrigin + performance.now();
    bus.subscribe('SignalGenerated', (event) => signals.set(event.payload.signal.signalId, `${event.payload.signal.instrumentId}:${Math.floor(event.payload.signal.ts / 1000)}`));
    bus.subscribe('RiskApproved', (event) => void (approvalsSeen.has(event.correlationId) ? undefined : approvalsSeen.set(event.correlationId, wallMs())));
    bus.subscribe('OrderSubmitted', (event) => orders.push({ second: signals.get(event.correlationId) ?? '', correlationId: event.correlationId, atMs: wallMs() }));
    const out = join(home, 'ticks.json');
    const cpuNow = (): Map<string, number | undefined> => new Map([
      ...children.map((child, i) => [names[i]!, processCpuSeconds(child.pid)] as const),
      ['execution+bench', processCpuSeconds(process.pid)], ['redis', processCpuSeconds(redis.pid)],
    ]);
    const cpuBefore = cpuNow();
    const started = performance.now();
    const ticks = spawn(process.execPath, [...nodeFlags, TICKS, redis.url, String(rate), String(seconds), String(MARKET_PARTITIONS), out], { stdio: 'inherit' });
    await new Promise((resolve) => ticks.once('exit', resolve));
    const published = JSON.parse(readFileSync(out, 'utf8')) as { published: number; publishedMs: number; triggers: Record<string, number>; cpuSeconds: number };
    const consumedPerS = await drain(control, layout, published.published, started);
    const cpu = describeCpu(new Map([...cpuBefore, ['market-data', 0]]), new Map([...cpuNow(), ['market-data', published.cpuSeconds]]), published.published);
    const timed = orders.filter((o) => published.triggers[o.second] !== undefined);
    const latenciesMs = timed.map((o) => o.atMs - published.triggers[o.second]!);
    const sightings: ExecutionSighting[] = timed.map((o) => ({ correlationId: o.correlationId, triggerMs: published.triggers[o.second]!, approvalSeenMs: approvalsSeen.get(o.correlationId), orderMs: o.atMs }));
    const hops = await hopBreakdown(control, layout, sightings);
    return { published: published.published, publishedPerS: (published.published / published.publishedMs) * 1000, consumedPerS, latenciesMs, orders: orders.length, hops, cpu };
  } finally {
    control.disconnect();
    await deployment.stop().catch(() => undefined);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)))));
    await Promise.all([redis.close(), postgres.stop()]);
    rmSync(home, { recursive: true, force: true });
  }
}

/** Until every group has been created (on any of the deployment's streams). */
async function waitForGroups(redis: Redis, layout: StreamLayout, groups: readonly string[]): Promise<void> {
  const streams = layout.streams().map((s) => s.name);
  const deadline = performance.now() + 60_000;
  for (;;) {
    const found = new Set<string>();
    for (const stream of streams) for (const g of (await redis.call('XINFO', 'GROUPS', stream).catch(() => [])) as unknown[][]) found.add(String(g[1]));
    if (groups.every((g) => found.has(g))) return;
    if (performance.now() > deadline) throw new Error(`services not up: groups ${[...found].join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until each group has consumed the market streams (at most 60 s); answers each group's ticks per second. */
async function drain(redis: Redis, layout: StreamLayout, published: number, startedMs: number): Promise<Record<string, number>> {
  const streams = layout.streams({ families: ['market'] }).map((s) => s.name);
  const doneAt = new Map<string, number>();
  const deadline = performance.now() + 60_000;
  const lagOf = new Map<string, number>();
  while (performance.now() < deadline) {
    lagOf.clear();
    for (const stream of streams) {
      const groups = (await redis.call('XINFO', 'GROUPS', stream).catch(() => [])) as unknown[][];
      for (const g of groups) {
        const record = new Map<string, unknown>();
        for (let i = 0; i + 1 < g.length; i += 2) record.set(String(g[i]), g[i + 1]);
        const name = String(record.get('name'));
        lagOf.set(name, (lagOf.get(name) ?? 0) + Number(record.get('lag') ?? 0) + Number(record.get('pending') ?? 0));
      }
    }
    for (const [group, lag] of lagOf) if (lag === 0 && !doneAt.has(group)) doneAt.set(group, performance.now());
    if ([...lagOf.keys()].every((g) => doneAt.has(g))) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const strategyTicks = published;
  return Object.fromEntries([...lagOf.keys()].map((group) => [group, (strategyTicks / ((doneAt.get(group) ?? performance.now()) - startedMs)) * 1000]));
}

/** Issue 6: market data to order across the services through Redis on loopback. */
export async function runDistributedBenchmarks(): Promise<BenchResult[]> {
  if (findPostgresBinDir() === undefined) return [{ name: 'distributed: not run', value: 0, unit: '', note: 'PostgreSQL server binaries not found' }];
  const seconds = Number(process.env.FORTRESS_BENCH_DISTRIBUTED_SECONDS ?? 60);
  const saturateSeconds = Number(process.env.FORTRESS_BENCH_SATURATE_SECONDS ?? 10);
  const sustained = await runDeployment(2, seconds, 20_000);
  const slowest = Math.min(...Object.values(sustained.consumedPerS));
  const note = `${sustained.orders} orders, ${sustained.published.toLocaleString('en-US')} ticks over ${seconds} s (${Math.round(sustained.publishedPerS).toLocaleString('en-US')}/s offered), 20 instruments, strategy in 2 partitions, ${cpus().length} CPUs for 6 processes + Redis + PostgreSQL (fsync on)`;
  const sustainedResults = [
    { name: 'distributed: ticks/s sustained by every service (target 20,000/s)', value: slowest, unit: 'ticks/s', floor: 20_000 * 0.99, better: 'higher', note },
    { name: 'distributed: tick-to-order latency p50 across services', value: percentile(sustained.latenciesMs, 50), unit: 'ms', floor: 2, better: 'lower', note },
    { name: 'distributed: tick-to-order latency p99 across services', value: percentile(sustained.latenciesMs, 99), unit: 'ms', floor: 25, better: 'lower', note },
    { name: 'distributed: tick-to-order per hop (p50 / p99)', value: sustained.hops.reduce((sum, h) => sum + h.p50Ms, 0), unit: 'ms (sum of hop p50s)', note: `${describeHops(sustained.hops)}; ${sustained.cpu}` },
  ] as const satisfies readonly BenchResult[];
  if (saturateSeconds <= 0) return [...sustainedResults]; // FORTRESS_BENCH_SATURATE_SECONDS=0: the sustained run alone
  const one = await runDeployment(1, saturateSeconds, 60_000);
  const two = await runDeployment(2, saturateSeconds, 60_000);
  const tiers = (run: RunResult): string => `${Object.entries(run.consumedPerS).map(([g, v]) => `${g} ${Math.round(v).toLocaleString('en-US')}`).join(', ')}; ${Math.round(run.publishedPerS).toLocaleString('en-US')} ticks/s offered; ${run.cpu}`;
  return [
    ...sustainedResults,
    { name: 'distributed: strategy tier throughput, 1 partition (offered 60k ticks/s)', value: one.consumedPerS.strategy ?? 0, unit: 'ticks/s', note: tiers(one) },
    { name: 'distributed: strategy tier throughput, 2 partitions (offered 60k ticks/s)', value: two.consumedPerS.strategy ?? 0, unit: 'ticks/s', note: tiers(two) },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await runDistributedBenchmarks()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.note !== undefined ? ` (${r.note})` : ''}`);
}
