/**
 * Shared set-up for the event, market, backtest and stream specs (named .test.ts so it may reach into the app;
 * it holds no tests): the control specs' paper node (simulated clock, paper broker filling at the next bar's
 * open, in-memory log, strategy catalog) composed by the app's createNodeControl, behind the real HTTP server
 * with real users, tokens and roles. The caller owns the directories (make them at suite level: a temp dir
 * made inside a `before` hook is removed when that hook ends).
 */
import { silentLogger } from '../../core/index.js';
import { createNodeControl, type RunningNodeControl } from '../../app/control/createNodeControl.js';
import { ACCOUNT, ALPHA, STARTING_CASH_MINOR, T0, startTestNode, type TestNode } from '../../app/control/controlHarness.test.js';
import { MemoryAuthStore, UserDirectory } from '../auth/index.js';
import type { Role } from '../control.js';
import { createHttpServer } from '../createHttpServer.js';

export { ALPHA };
export const PASSWORD = 'correct horse battery';

export interface NodeApiOptions {
  /** FORTRESS_HOME: backtest jobs and their results. */
  readonly home: string;
  /** Where backtests find CSV files; default `<home>/data`. */
  readonly dataDir?: string;
  /** Default true; false is a live node (no market simulation). */
  readonly paper?: boolean;
  readonly streamMaxBufferedBytes?: number;
}

export interface NodeApi {
  readonly url: string;
  readonly node: TestNode;
  readonly control: RunningNodeControl;
  /** A login token of the user named after each role (`viewer`, `trader`, `admin`). */
  readonly tokens: Readonly<Record<Role, string>>;
  close(): Promise<void>;
}

export async function startNodeApi(options: NodeApiOptions): Promise<NodeApi> {
  const t = startTestNode();
  const control = createNodeControl({
    node: t.node, catalog: t.catalog, registry: t.registry, instruments: t.instruments, store: t.store, clock: t.clock, ids: t.ids, logger: silentLogger,
    accountId: ACCOUNT, currency: 'USD', startingCashMinor: STARTING_CASH_MINOR, startedAtMs: T0, paper: options.paper ?? true,
    home: options.home, dataDir: options.dataDir ?? `${options.home}/data`,
    feed: () => ({ name: 'feed', state: 'ok' }),
    eventLog: () => ({ name: 'event-log', state: 'ok' }),
  });
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  const roles: readonly Role[] = ['viewer', 'trader', 'admin'];
  for (const role of roles) await directory.addUser(role, PASSWORD, role);
  const server = createHttpServer({
    logger: silentLogger, port: 0, health: () => [], control,
    auth: { directory, loginRateLimit: { max: 1_000, timeWindowMs: 60_000 } },
    rateLimit: { max: 100_000, timeWindowMs: 60_000 },
    ...(options.streamMaxBufferedBytes !== undefined ? { streamMaxBufferedBytes: options.streamMaxBufferedBytes } : {}),
  });
  const { url } = await server.start();
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of roles) {
    const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: role, password: PASSWORD }) });
    const body = (await response.json()) as { token?: string };
    if (body.token === undefined) throw new Error(`login of ${role} failed: ${response.status} ${JSON.stringify(body)}`);
    tokens[role] = body.token;
  }
  return {
    url,
    node: t,
    control,
    tokens: tokens as Record<Role, string>,
    async close() {
      await server.close();
      await control.close();
      t.stop();
    },
  };
}
