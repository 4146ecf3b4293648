import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { makeTempDir } from './tempDir.js';

/** The server binaries a test needs; CI installs Debian's `postgresql`, which puts them under /usr/lib/postgresql/N/bin. */
const BINARIES = ['initdb', 'postgres'] as const;
const READY_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT_CHARS = 4_000;

/**
 * Runs the server ("$@") and stops it (SIGINT: fast shutdown, what `pg_ctl stop -m fast` sends) when its stdin
 * closes: on `stop()`, and also when the test process dies without running its hooks (killed, a closed pipe), so
 * no server outlives its test. It exits with the server.
 */
const WATCHDOG = `
exec 3<&0
"$@" 3<&- </dev/null &
server=$!
(read ignored <&3; kill -INT "$server" 2>/dev/null) &
watcher=$!
exec 3<&-
wait "$server"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface PostgresServerOptions {
  /** Tests run with fsync off (fast, not crash-safe); a benchmark may want the real cost. Default false. */
  readonly fsync?: boolean;
}

/** A throwaway PostgreSQL server: its own data directory in a temp dir, on a free loopback port, user `fortress`, trust auth. */
export interface PostgresServer {
  /** `postgres://fortress@127.0.0.1:<port>/fortress` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends): open sessions are terminated. */
  stop(): Promise<void>;
  /** Start it again on the same directory and port, after `stop`. */
  start(): Promise<void>;
  /** Whether it is up (started and not stopped). */
  readonly running: boolean;
}

/** Where `initdb` and `postgres` live: on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPostgresBinDir(path: string = process.env.PATH ?? ''): string | undefined {
  const hasAll = (dir: string): boolean => BINARIES.every((name) => existsSync(join(dir, name)));
  for (const dir of path.split(delimiter)) if (dir !== '' && hasAll(dir)) return dir;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) if (hasAll(join(root, version, 'bin'))) return join(root, version, 'bin');
  return undefined;
}

/**
 * initdb into a temp dir and start the server, resolving once it accepts connections. Without the binaries it
 * throws (the test fails, it never skips) saying how to install them. PostgreSQL refuses to run as root, so under
 * root it runs as the `postgres` user (else `nobody`).
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  if (binDir === undefined) {
    throw new Error('PostgreSQL tests need the server binaries (initdb, postgres) on PATH or under /usr/lib/postgresql/*/bin: ' +
      'install postgresql (Debian/Ubuntu: sudo apt-get install postgresql); CI installs it');
  }
  const base = makeTempDir('fortress-pg-');
  const owner = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  if (owner !== undefined) chownSync(base, owner.uid, owner.gid);
  const dataDir = join(base, 'data');
  await run(join(binDir, 'initdb'), ['-D', dataDir, '-U', 'fortress', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], owner);
  const port = await freePort();
  const server = new RunningServer(join(binDir, 'postgres'), dataDir, base, port, options.fsync ?? false, owner);
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'fortress', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE fortress');
  } finally {
    await admin.end();
  }
  return server;
}

/**
 * One server for the whole test file: started in a `before` hook, stopped in an `after` hook (or by its watchdog
 * if the process dies first). Read `.server` inside tests and hooks.
 */
export function usePostgresServer(options: PostgresServerOptions = {}): { readonly server: PostgresServer } {
  let current: PostgresServer | undefined;
  before(async () => {
    current = await startPostgresServer(options);
  });
  after(async () => {
    await current?.stop();
  });
  return {
    get server(): PostgresServer {
      if (current === undefined) throw new Error('the PostgreSQL server is not started (use it inside tests or hooks)');
      return current;
    },
  };
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

class RunningServer implements PostgresServer {
  readonly url: string;
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly binary: string,
    readonly dataDir: string,
    private readonly socketDir: string,
    readonly port: number,
    private readonly fsync: boolean,
    private readonly owner: Owner | undefined,
  ) {
    this.url = `postgres://fortress@127.0.0.1:${port}/fortress`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child !== undefined) throw new Error('the PostgreSQL server is already running');
    const args = ['-D', this.dataDir, '-k', this.socketDir, '-h', '127.0.0.1', '-p', String(this.port), '-c', `fsync=${this.fsync ? 'on' : 'off'}`];
    if (!this.fsync) args.push('-c', 'full_page_writes=off', '-c', 'synchronous_commit=off');
    const child = spawn('/bin/sh', ['-c', WATCHDOG, 'postgres-watchdog', this.binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...this.owner });
    this.child = child;
    this.output = '';
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.stdin.on('error', () => undefined); // the watchdog already gone
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await this.waitUntilReady(child);
  }

  /** Closing the watchdog's stdin makes it stop the server; it exits when the server has. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    await exited;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = performance.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`PostgreSQL exited during startup (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      }
      const probe = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'fortress', database: 'postgres', connectionTimeoutMillis: 1_000 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.query('SELECT 1');
        return;
      } catch (error) {
        if (performance.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms (${String(error)}):\n${this.output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
  }
}

function run(binary: string, args: readonly string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...owner });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/** The account PostgreSQL runs under when the tests run as root: `postgres` (Debian's package creates it), else `nobody`. */
function unprivilegedUser(): Owner {
  const entries = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = entries.find((fields) => fields[0] === name);
    if (entry !== undefined) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root and no postgres or nobody user to run PostgreSQL as (it refuses to run as root)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
