/**
 * Shared set-up for the route specs (named .test.ts so it may reach into the app; it holds no tests): the paper
 * node of the control specs (simulated clock, paper broker, in-memory log, strategy catalog), composed into a
 * NodeControl by the app's createNodeControl, behind the real HTTP server with real users, tokens and roles.
 * `call` speaks HTTP like a script would.
 */
import assert from 'node:assert/strict';
import { silentLogger } from '../../core/index.js';
import { createNodeControl } from '../../app/control/createNodeControl.js';
import { ACCOUNT, STARTING_CASH_MINOR, T0, startTestNode, type TestNode } from '../../app/control/controlHarness.test.js';
import { makeTempDir } from '../../testing/index.js';
import { MemoryAuthStore, UserDirectory } from '../auth/index.js';
import type { NodeControl, Role } from '../control.js';
import { createHttpServer } from '../createHttpServer.js';

export const PASSWORD = 'correct horse battery';
/** Users: `root` (admin), `alice` (trader), `bob` (viewer). */
export const USERS: Readonly<Record<Role, string>> = { admin: 'root', trader: 'alice', viewer: 'bob' };
export const ROLES_LOW_TO_HIGH: readonly Role[] = ['viewer', 'trader', 'admin'];

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } };
}

export interface CallOptions {
  /** Log in as this role's user; no caller when absent (and no `authorization`). */
  readonly as?: Role;
  /** A raw Authorization header instead. */
  readonly authorization?: string;
  readonly body?: unknown;
  /** Sent as is with content-type application/json (malformed JSON specs). */
  readonly rawBody?: string;
}

export interface RoutesApi {
  readonly url: string;
  readonly node: TestNode;
  readonly control: NodeControl;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export async function startRoutesApi(): Promise<RoutesApi> {
  const t = startTestNode();
  const control = createNodeControl({
    node: t.node, catalog: t.catalog, registry: t.registry, instruments: t.instruments, store: t.store, clock: t.clock, ids: t.ids, logger: silentLogger,
    accountId: ACCOUNT, currency: 'USD', startingCashMinor: STARTING_CASH_MINOR, startedAtMs: T0, paper: true, home: makeTempDir('fortress-routes-'), dataDir: makeTempDir('fortress-data-'),
    feed: () => ({ name: 'feed', state: 'ok' }),
    eventLog: () => ({ name: 'event-log', state: 'ok' }),
  });
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  for (const role of ROLES_LOW_TO_HIGH) await directory.addUser(USERS[role], PASSWORD, role);
  const server = createHttpServer({
    logger: silentLogger, port: 0, health: () => [], control,
    auth: { directory, loginRateLimit: { max: 1_000, timeWindowMs: 60_000 } },
    rateLimit: { max: 100_000, timeWindowMs: 60_000 },
  });
  const { url } = await server.start();
  const tokens = new Map<Role, string>();
  for (const role of ROLES_LOW_TO_HIGH) {
    const answer = await send(url, 'POST', '/auth/login', { body: { username: USERS[role], password: PASSWORD } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    tokens.set(role, answer.body['token'] as string);
  }
  return {
    url,
    node: t,
    control,
    call: (method, path, options = {}) => {
      const authorization = options.authorization ?? (options.as !== undefined ? `Bearer ${tokens.get(options.as)!}` : undefined);
      return send(url, method, path, { ...options, ...(authorization !== undefined ? { authorization } : {}) });
    },
    async close() {
      await server.close();
      await control.close();
      t.stop();
    },
  };
}

async function send(url: string, method: string, path: string, options: CallOptions): Promise<Answer> {
  const headers: Record<string, string> = {};
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  const response = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

/** The status each role gets for one call, lowest role first (e.g. `[403, 200, 200]`), plus no caller's. */
export async function statusByRole(api: RoutesApi, method: string, path: string, body?: () => unknown): Promise<{ readonly anonymous: number; readonly viewer: number; readonly trader: number; readonly admin: number }> {
  const withBody = (): { body?: unknown } => (body !== undefined ? { body: body() } : {});
  const anonymous = (await api.call(method, path, withBody())).status;
  const viewer = (await api.call(method, path, { as: 'viewer', ...withBody() })).status;
  const trader = (await api.call(method, path, { as: 'trader', ...withBody() })).status;
  const admin = (await api.call(method, path, { as: 'admin', ...withBody() })).status;
  return { anonymous, viewer, trader, admin };
}
