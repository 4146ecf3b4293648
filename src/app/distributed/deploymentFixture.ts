/**
 * Test support for the distributed specs (not part of the module's public face): a recorded tape in a home
 * directory, the service processes started, killed and restarted as a test directs, and the logs compared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresEventStore, SqliteEventStore, generateBars } from '../../adapters/index.js';
import type { AnyEvent } from '../../core/index.js';
import { RISK_RULES_TEMPLATE } from '../risk/index.js';
import { normalizeLog } from './normalizeLog.js';

/** The CLI the specs run (`service` and `status`). */
export const FORTRESS_ENTRY = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
export const FORTRESS_BIN = fileURLToPath(new URL('../../../bin/fortress.js', import.meta.url));
export const TEST_APPROVAL_KEY = 'test-approval-key-0123456789-abcdefghij';

export interface TapeSpec {
  /** Symbols on the SIM venue; each gets its own tape and an sma-crossover strategy. */
  readonly symbols: readonly string[];
  readonly bars: number;
}

/** config.yaml for a replay of one tape per symbol (market.replay.files), stopping at the end. */
export function writeTapeHome(home: string, tape: TapeSpec): string {
  mkdirSync(home, { recursive: true });
  const files = tape.symbols.map((symbol, i) => {
    const bars = generateBars({ instrumentId: `${symbol}.SIM`, timeframe: '1m', count: tape.bars, startMs: Date.UTC(2024, 0, 2), startPrice: 50, volatility: 0.004, tickSize: 0.01, seed: 11 + i, baseVolume: 50_000 });
    const rows = Array.from({ length: bars.length }, (_, k) => [new Date(bars.ts[k]!).toISOString(), bars.open[k], bars.high[k], bars.low[k], bars.close[k], bars.volume[k]].join(','));
    const file = join(home, `${symbol}.csv`);
    writeFileSync(file, `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`);
    return file;
  });
  const more = tape.symbols.slice(1).map((symbol, i) => `${symbol}.SIM: ${JSON.stringify(files[i + 1])}`).join(', ');
  writeFileSync(join(home, 'config.yaml'), [
    'account: { id: paper, currency: USD, startingCash: 100000 }',
    'market:',
    '  feed: replay',
    '  seed: 7',
    `  replay: { file: ${JSON.stringify(files[0])}, files: { ${more} }, speed: max, stopAtEnd: true }`,
    `  instruments: [${tape.symbols.map((s) => `{ symbol: ${s}, exchange: SIM, startPrice: 50, tickSize: 0.01 }`).join(', ')}]`,
    `strategies: [${tape.symbols.map((s) => `{ id: ${s.toLowerCase()}-sma, strategy: sma-crossover, instruments: [${s}.SIM], timeframe: 1m, params: { fast: 3, slow: 8 } }`).join(', ')}]`,
    'sizing: { quantity: 10 }',
    'broker: { fillModel: next-open, slippageBps: 2 }',
    '',
  ].join('\n'));
  return home;
}

/**
 * config.yaml for a live synthetic feed (two instruments, a bar a second, one fast sma-crossover each) and
 * risk rules that let the strategies re-enter within seconds (the default refuses the same BUY for a minute),
 * so fills keep coming.
 */
export function writeSyntheticHome(home: string, moreConfig: readonly string[] = []): string {
  writeFileSync(join(home, 'config.yaml'), [
    'market:',
    '  feed: synthetic',
    '  intervalMs: 20',
    '  instruments: [{ symbol: ALPHA, exchange: SIM, startPrice: 100, volatility: 0.002 }, { symbol: GAMMA, exchange: SIM, startPrice: 40, volatility: 0.002 }]',
    'strategies: [{ id: a, strategy: sma-crossover, instruments: [ALPHA.SIM], timeframe: 1s, params: { fast: 2, slow: 3 } }, { id: g, strategy: sma-crossover, instruments: [GAMMA.SIM], timeframe: 1s, params: { fast: 2, slow: 3 } }]',
    ...moreConfig,
    '',
  ].join('\n'));
  const rules = RISK_RULES_TEMPLATE.replace('duplicateSignal: { enabled: true,', 'duplicateSignal: { enabled: false,');
  if (rules === RISK_RULES_TEMPLATE) throw new Error('the risk rules template no longer has duplicateSignal enabled: update writeSyntheticHome');
  writeFileSync(join(home, 'risk_rules.yaml'), rules);
  return home;
}

export interface ServiceProcessesOptions {
  readonly busUrl: string;
  readonly storeUrl: string;
  readonly home: string;
  readonly logDir: string;
  readonly claimIdleMs?: number;
  readonly leaseTtlMs?: number;
}

interface Started {
  readonly args: readonly string[];
  child: ChildProcess;
  exited: Promise<number | null>;
  generation: number;
}

/** The deployment's processes, by a test's own ids (`risk`, `s0`, `md`…), each logging to `<logDir>/<id>.log`. */
export class ServiceProcesses {
  private readonly started = new Map<string, Started>();

  constructor(private readonly options: ServiceProcessesOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  start(id: string, args: readonly string[]): Promise<number | null> {
    const known = this.started.get(id);
    const generation = (known?.generation ?? 0) + 1;
    const { busUrl, storeUrl, home, logDir } = this.options;
    const argv = [
      FORTRESS_ENTRY, 'service', ...args, '--bus', busUrl, '--store', storeUrl, '--home', home, '--instance', `${id}-${generation}`,
      '--claim-idle-ms', String(this.options.claimIdleMs ?? 300), '--lease-ttl-ms', String(this.options.leaseTtlMs ?? 1_000),
    ];
    const child = spawn(process.execPath, argv, { env: { ...process.env, FORTRESS_APPROVAL_KEY: TEST_APPROVAL_KEY, LOG_LEVEL: 'info', FORTRESS_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(join(logDir, `${id}.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    this.started.set(id, { args, child, exited, generation });
    return exited;
  }

  /** Strategy 0/2 and 1/2, risk, execution, portfolio. */
  startServices(): void {
    this.start('s0', ['strategy', '--partition', '0/2']);
    this.start('s1', ['strategy', '--partition', '1/2']);
    this.start('risk', ['risk']);
    this.start('execution', ['execution']);
    this.start('portfolio', ['portfolio']);
  }

  /** The running process of `id` (the last started). */
  exited(id: string): Promise<number | null> {
    return this.get(id).exited;
  }

  async kill(id: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const started = this.get(id);
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill(signal);
    await started.exited;
  }

  /** Kill (-9) and start again with the same arguments. */
  async restart(id: string): Promise<void> {
    await this.kill(id);
    void this.start(id, this.get(id).args);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.started.keys()].map((id) => this.kill(id, 'SIGTERM')));
  }

  private get(id: string): Started {
    const started = this.started.get(id);
    if (started === undefined) throw new Error(`no process ${id}`);
    return started;
  }
}

export async function readPostgresLog(url: string): Promise<AnyEvent[]> {
  const store = await PostgresEventStore.open(url, { migrate: false, poolMax: 1 });
  try {
    return (await store.read()).map((s) => s.event);
  } finally {
    await store.close();
  }
}

export async function readSqliteLog(home: string): Promise<AnyEvent[]> {
  const store = SqliteEventStore.open(join(home, 'events.sqlite'));
  try {
    return (await store.read()).map((s) => s.event);
  } finally {
    await store.close();
  }
}

/** Differences between two logs per partition key, after normalizeLog (empty when equal); at most `limit`. */
export function logDifferences(expected: readonly AnyEvent[], actual: readonly AnyEvent[], limit = 5): string[] {
  const want = normalizeLog(expected);
  const got = normalizeLog(actual);
  const differences: string[] = [];
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const a = want.get(key) ?? [];
    const b = got.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length) && differences.length < limit; i++) {
      if (a[i] !== b[i]) differences.push(`${key} #${i}:\n  expected ${a[i]?.slice(0, 400) ?? '(nothing)'}\n  actual   ${b[i]?.slice(0, 400) ?? '(nothing)'}`);
    }
    if (a.length !== b.length && differences.length < limit) differences.push(`${key}: ${a.length} events expected, ${b.length} logged`);
  }
  return differences;
}

/** What a trader checks: orders submitted, fills, each book's last position and the account's last cash. */
export function tradingOutcome(events: readonly AnyEvent[]): { orders: number; fills: number; positions: Record<string, number>; cashMinor: number | undefined } {
  const positions: Record<string, number> = {};
  let cashMinor: number | undefined;
  let orders = 0;
  let fills = 0;
  for (const event of events) {
    if (event.type === 'OrderSubmitted') orders++;
    else if (event.type === 'OrderFilled') fills++;
    else if (event.type === 'PositionChanged') positions[`${event.payload.position.strategyId}/${event.payload.position.instrumentId}`] = event.payload.position.quantity;
    else if (event.type === 'AccountUpdated') cashMinor = event.payload.account.cashMinor;
  }
  return { orders, fills, positions, cashMinor };
}

/** A fresh database on the test's PostgreSQL server (one per run, so runs never share a log). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Events committed so far (polled while a run goes on), of one type when given. */
export async function committedEvents(url: string, type?: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = type === undefined
      ? await client.query<{ n: string }>('SELECT count(*) AS n FROM events')
      : await client.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = $1', [type]);
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}
