import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { SimulatedClock, silentLogger } from '../../core/index.js';
import type { AuditEntry } from '../control.js';
import { createHttpServer } from '../index.js';
import { actorOf, MemoryAuthStore, requireRole, STREAM_PATH, UserDirectory, type AuthOptions } from './index.js';

const PASSWORD = 'correct horse battery';

/** The node's HTTP server with authentication (no control: the auth routes only), on a free port. */
async function startServer(auth: AuthOptions, addRoutes?: (app: FastifyInstance) => void): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createHttpServer({ logger: silentLogger, port: 0, health: () => [], auth });
  addRoutes?.(server.app);
  const { url } = await server.start();
  return { url, close: () => server.close() };
}

interface Answer {
  readonly status: number;
  readonly body: { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } } & Record<string, unknown>;
  readonly headers: Headers;
}

async function call(url: string, method: string, path: string, options: { readonly token?: string; readonly authorization?: string; readonly body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const authorization = options.authorization ?? (options.token !== undefined ? `Bearer ${options.token}` : undefined);
  if (authorization !== undefined) headers['authorization'] = authorization;
  const response = await fetch(url + path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Answer['body']), headers: response.headers };
}

async function login(url: string, username: string, password = PASSWORD): Promise<string> {
  const answer = await call(url, 'POST', '/auth/login', { body: { username, password } });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body['token'] as string;
}

describe('auth routes: login, tokens and who am I', () => {
  const clock = new SimulatedClock(Date.now());
  const audits: AuditEntry[] = [];
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  let server: { readonly url: string; close(): Promise<void> };
  let url: string;

  before(async () => {
    await directory.addUser('root', PASSWORD, 'admin');
    await directory.addUser('alice', PASSWORD, 'trader');
    await directory.addUser('bob', PASSWORD, 'viewer');
    server = await startServer({ directory, clock, tokenTtlSeconds: 600, loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, audit: (entry) => audits.push(entry) });
    url = server.url;
  });
  after(() => server.close());

  it('logs in with the right password: a token, its expiry and the user, and the token works', async () => {
    const answer = await call(url, 'POST', '/auth/login', { body: { username: 'alice', password: PASSWORD } });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body['user'], { username: 'alice', role: 'trader' });
    assert.equal(answer.body['expiresAt'], new Date((Math.floor(clock.nowMs() / 1000) + 600) * 1000).toISOString());
    const me = await call(url, 'GET', '/auth/me', { token: answer.body['token'] as string });
    assert.deepEqual(me.body, { username: 'alice', role: 'trader', via: 'token' });
  });

  it('answers 401 with the same message for a wrong password and an unknown user', async () => {
    const wrong = await call(url, 'POST', '/auth/login', { body: { username: 'alice', password: 'not the password' } });
    const unknown = await call(url, 'POST', '/auth/login', { body: { username: 'nobody', password: PASSWORD } });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.deepEqual(wrong.body.error, { code: 'UNAUTHORIZED', message: 'wrong username or password' });
  });

  it('audits every login attempt with the name as given, the outcome and the address, never the password', async () => {
    audits.length = 0;
    await login(url, 'bob');
    await call(url, 'POST', '/auth/login', { body: { username: 'bob', password: 'not the password' } });
    assert.deepEqual(
      audits.map((a) => [a.action, a.username, a.role, a.outcome, a.via]),
      [['login', 'bob', 'viewer', 200, 'password'], ['login', 'bob', '', 401, 'password']],
    );
    assert.equal(audits[0]?.details?.['ip'], '127.0.0.1');
    assert.doesNotMatch(JSON.stringify(audits), /horse|not the password/);
  });

  it('names the missing field of a login without a password', async () => {
    const answer = await call(url, 'POST', '/auth/login', { body: { username: 'alice' } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error?.field, 'password');
  });

  it('answers 401 to a call without credentials, and to a malformed Authorization header', async () => {
    const missing = await call(url, 'GET', '/auth/me');
    assert.equal(missing.status, 401);
    assert.match(missing.body.error?.message ?? '', /authentication required/);
    const basic = await call(url, 'GET', '/auth/me', { authorization: 'Basic YWxpY2U6cHc=' });
    assert.equal(basic.status, 401);
    assert.match(basic.body.error?.message ?? '', /malformed Authorization header/);
    const empty = await call(url, 'GET', '/auth/me', { authorization: 'Bearer ' });
    assert.equal(empty.status, 401);
  });

  it('refuses an expired token saying when it expired', async () => {
    const token = await login(url, 'bob');
    clock.advanceTo(clock.nowMs() + 601_000);
    const answer = await call(url, 'GET', '/auth/me', { token });
    assert.equal(answer.status, 401);
    assert.match(answer.body.error?.message ?? '', /^token expired at \d{4}-\d\d-\d\dT/);
  });

  it('refuses a tampered token (one signature character changed) and a string that is not a token', async () => {
    const token = await login(url, 'bob');
    const at = token.lastIndexOf('.') + 5;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    const answer = await call(url, 'GET', '/auth/me', { token: tampered });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error?.message, 'token signature invalid');
    assert.match((await call(url, 'GET', '/auth/me', { token: 'garbage' })).body.error?.message ?? '', /^not a token/);
  });

  it('refuses a disabled user’s token and login at once', async () => {
    await directory.addUser('carol', PASSWORD, 'viewer');
    const token = await login(url, 'carol');
    directory.setDisabled('carol', true);
    assert.equal((await call(url, 'GET', '/auth/me', { token })).status, 401);
    const again = await call(url, 'POST', '/auth/login', { body: { username: 'carol', password: PASSWORD } });
    assert.equal(again.status, 401);
    assert.match(again.body.error?.message ?? '', /disabled/);
  });

  it('applies a demotion at once: the same token gets 403 where it needs the old role', async () => {
    await directory.addUser('dave', PASSWORD, 'trader');
    const token = await login(url, 'dave');
    assert.equal((await call(url, 'GET', '/auth/api-keys', { token })).status, 200);
    directory.setRole('dave', 'viewer');
    const answer = await call(url, 'GET', '/auth/api-keys', { token });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error?.message, 'dave has role viewer; this call needs trader');
    assert.equal((await call(url, 'GET', '/auth/me', { token })).body['role'], 'viewer');
  });

  it('changes my own password only with the current one, and only to one that meets the policy', async () => {
    await directory.addUser('erin', PASSWORD, 'viewer');
    const token = await login(url, 'erin');
    const wrongCurrent = await call(url, 'POST', '/auth/password', { token, body: { currentPassword: 'guess guess guess', newPassword: 'a brand new passphrase' } });
    assert.equal(wrongCurrent.status, 400);
    assert.equal(wrongCurrent.body.error?.field, 'currentPassword');
    const weak = await call(url, 'POST', '/auth/password', { token, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.error?.field, 'newPassword');
    const changed = await call(url, 'POST', '/auth/password', { token, body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' } });
    assert.equal(changed.status, 204);
    assert.equal((await call(url, 'POST', '/auth/login', { body: { username: 'erin', password: PASSWORD } })).status, 401);
    const fresh = await login(url, 'erin', 'a brand new passphrase');
    const old = await call(url, 'GET', '/auth/me', { token });
    assert.equal(old.status, 401, 'a token of the old password is refused');
    assert.match(old.body.error?.message ?? '', /token revoked/);
    assert.equal((await call(url, 'GET', '/auth/me', { token: fresh })).status, 200);
  });

  it('signs out everywhere: every token of mine is refused, even one already checked; other users and a new login are not touched', async () => {
    await directory.addUser('frank', PASSWORD, 'trader');
    const laptop = await login(url, 'frank');
    const phone = await login(url, 'frank');
    const other = await login(url, 'alice');
    assert.equal((await call(url, 'GET', '/auth/me', { token: laptop })).status, 200, 'checked once (and remembered)');
    assert.equal((await call(url, 'POST', '/auth/logout', {})).status, 401, 'signing out needs credentials');
    assert.equal((await call(url, 'POST', '/auth/logout', { token: phone })).status, 204);
    for (const token of [laptop, phone]) {
      const refused = await call(url, 'GET', '/auth/me', { token });
      assert.equal(refused.status, 401);
      assert.match(refused.body.error?.message ?? '', /token revoked: frank signed out or changed password/);
    }
    assert.equal((await call(url, 'GET', '/auth/me', { token: other })).status, 200);
    assert.equal((await call(url, 'GET', '/auth/me', { token: await login(url, 'frank') })).status, 200);
    assert.equal(directory.user('frank')?.username, 'frank');
    assert.equal(Object.hasOwn(directory.user('frank')!, 'sessionEpoch'), false, 'the epoch is not shown');
  });
});

describe('auth routes: login rate limit', () => {
  const audits: AuditEntry[] = [];
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  let server: { readonly url: string; close(): Promise<void> };

  before(async () => {
    await directory.addUser('alice', PASSWORD, 'viewer');
    server = await startServer({ directory, loginRateLimit: { max: 3, timeWindowMs: 60_000 }, audit: (entry) => audits.push(entry) });
  });
  after(() => server.close());

  it('answers 429 with Retry-After once an address has tried too often, even with the right password, and audits it', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      assert.equal((await call(server.url, 'POST', '/auth/login', { body: { username: 'alice', password: 'wrong guess ' + attempt } })).status, 401);
    }
    const limited = await call(server.url, 'POST', '/auth/login', { body: { username: 'alice', password: PASSWORD } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error?.code, 'RATE_LIMITED');
    assert.match(limited.body.error?.message ?? '', /too many login attempts from 127\.0\.0\.1/);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.deepEqual(audits.at(-1)?.outcome, 429);
  });
});

describe('auth routes: credentials in the query, bodies and the API document', () => {
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  let server: { readonly url: string; close(): Promise<void> };
  let token: string;

  before(async () => {
    await directory.addUser('alice', PASSWORD, 'viewer');
    server = await startServer({ directory }, (app) => {
      app.get(STREAM_PATH, { preValidation: requireRole('viewer') }, async (request) => actorOf(request));
    });
    token = await login(server.url, 'alice');
  });
  after(() => server.close());

  it('takes ?token= on the WebSocket path only (browsers cannot set headers there)', async () => {
    assert.deepEqual((await call(server.url, 'GET', `${STREAM_PATH}?token=${token}`)).body, { username: 'alice', role: 'viewer', via: 'token' });
    assert.equal((await call(server.url, 'GET', `${STREAM_PATH}?token=garbage`)).status, 401);
    const elsewhere = await call(server.url, 'GET', `/auth/me?token=${token}`);
    assert.equal(elsewhere.status, 401);
    assert.match(elsewhere.body.error?.message ?? '', /authentication required/);
  });

  it('answers a login with malformed JSON with 400 naming the body, and an oversized one with 413', async () => {
    const malformed = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": "alice", ' });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'MALFORMED_JSON');
    const oversized = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'x'.repeat(300 * 1024) }),
    });
    assert.equal(oversized.status, 413);
  });

  it('documents every auth route with a summary and the auth tag at /docs/json', async () => {
    const document = (await (await fetch(`${server.url}/docs/json`)).json()) as { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    for (const [path, method] of [['/auth/login', 'post'], ['/auth/me', 'get'], ['/auth/password', 'post'], ['/auth/api-keys', 'get'], ['/auth/api-keys', 'post'], ['/auth/api-keys/{id}', 'delete'], ['/auth/users', 'get'], ['/auth/users', 'post'], ['/auth/users/{username}', 'patch']] as const) {
      const operation = document.paths[path]?.[method];
      assert.ok(operation?.summary, `${method} ${path} has a summary`);
      assert.deepEqual(operation.tags, ['auth']);
    }
  });
});
