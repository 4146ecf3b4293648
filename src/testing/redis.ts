import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { makeTempDir } from './tempDir.js';

export interface RedisServerOptions {
  /** AOF persistence (default off): with it, a restart keeps the streams, groups and pending lists. */
  readonly appendOnly?: boolean;
  /** AOF fsync policy when `appendOnly` (default `everysec`; a stop with SIGTERM writes everything either way). */
  readonly appendFsync?: 'always' | 'everysec' | 'no';
  /** The binary to run (default `redis-server` from PATH). */
  readonly binary?: string;
}

/** A redis-server of a test's own, on a free loopback port, with its data in a temporary directory. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly running: boolean;
  /** The server's process id while it runs (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  /** Graceful stop (SIGTERM: Redis writes its AOF and exits); resolves when the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL: what was not yet fsynced to the AOF is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (the AOF is read back) and waits for PING. */
  restart(): Promise<void>;
  /** Stops it if it runs; safe to call twice. */
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const running = new Set<ChildProcess>();
let exitHooked = false;

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly yes|no --dir <tmp>` and waits
 * until it answers PING. Without the binary the test fails (never skips) and says how to install it. The
 * server is killed when the test process exits, whatever happened to the test.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findBinary(options.binary ?? 'redis-server');
  const port = await freePort();
  const dir = makeTempDir('fortress-redis-');
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--logfile', 'redis.log', '--daemonize', 'no',
    '--appendonly', options.appendOnly === true ? 'yes' : 'no', '--appendfsync', options.appendFsync ?? 'everysec',
  ];
  let child: ChildProcess | undefined = await launch(binary, args, port, dir);
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    if (current === undefined) return;
    child = undefined;
    await terminate(current, signal);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get running() {
      return child !== undefined;
    },
    get pid() {
      return child?.pid;
    },
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM');
      child = await launch(binary, args, port, dir);
    },
    close: () => halt('SIGTERM'),
  };
}

function findBinary(name: string): string {
  const candidates = name.includes('/') ? [name] : [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'].map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(`these tests need ${name}: install redis-server (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis); CI installs it`);
}

async function launch(binary: string, args: readonly string[], port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(binary, args, { cwd: dir, stdio: 'ignore' });
  child.unref(); // the test process ends when its tests do; the exit hook below kills the server then
  running.add(child);
  child.once('exit', () => running.delete(child));
  hookExit();
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`redis-server exited during startup (${signal ?? code}): ${logTail(dir)}`)));
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPong(port), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.ref(); // keep the test process alive until the server is gone
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function waitForPong(port: number): Promise<void> {
  const deadline = performance.now() + STARTUP_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${STARTUP_TIMEOUT_MS} ms`);
}

/** True when the server answers +PONG (a server still loading its AOF answers -LOADING). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}
