import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../core/index.js';
import { createHttpServer } from '../index.js';
import { MemoryAuthStore, UserDirectory, type AuthOptions } from './index.js';

const PASSWORD = 'correct horse battery';

/** The node's HTTP server with authentication (no control: the auth routes only), on a free port. */
async function startServer(auth: AuthOptions): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createHttpServer({ logger: silentLogger, port: 0, health: () => [], auth });
  const { url } = await server.start();
  return { url, close: () => server.close() };
}

type Body = { readonly error?: { readonly code: string; readonly message: string; readonly field?: string } } & Record<string, unknown>;

async function call(url: string, method: string, path: string, token?: string, body?: unknown): Promise<{ readonly status: number; readonly body: Body }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(url + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Body) };
}

describe('auth routes: API keys and users', () => {
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  const tokens: Record<string, string> = {};
  let server: { readonly url: string; close(): Promise<void> };
  let url: string;
  const as = (username: string) => tokens[username] ?? assert.fail(`no token for ${username}`);

  before(async () => {
    await directory.addUser('root', PASSWORD, 'admin');
    await directory.addUser('alice', PASSWORD, 'trader');
    await directory.addUser('bob', PASSWORD, 'viewer');
    await directory.addUser('tess', PASSWORD, 'trader');
    server = await startServer({ directory, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    url = server.url;
    for (const username of ['root', 'alice', 'bob', 'tess']) {
      tokens[username] = (await call(url, 'POST', '/auth/login', undefined, { username, password: PASSWORD })).body['token'] as string;
    }
  });
  after(() => server.close());

  it('creates an API key shown once that then authenticates; after revocation it gets 401', async () => {
    const created = await call(url, 'POST', '/auth/api-keys', as('alice'), { name: 'nightly report', role: 'viewer' });
    assert.equal(created.status, 201);
    const key = created.body['key'] as string;
    assert.match(key, /^fk_[0-9a-f]{16}_/);
    assert.deepEqual((await call(url, 'GET', '/auth/me', key)).body, { username: 'alice', role: 'viewer', via: `apiKey:${String(created.body['id'])}` });
    const listed = await call(url, 'GET', '/auth/api-keys', as('alice'));
    assert.equal(JSON.stringify(listed.body).includes(key), false, 'the key is never shown again');
    const revoked = await call(url, 'DELETE', `/auth/api-keys/${String(created.body['id'])}`, as('alice'));
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body['revokedAt']);
    const refused = await call(url, 'GET', '/auth/me', key);
    assert.equal(refused.status, 401);
    assert.match(refused.body.error?.message ?? '', /API key refused/);
  });

  it('defaults a key’s role to its owner’s and refuses one stronger than the owner', async () => {
    const plain = await call(url, 'POST', '/auth/api-keys', as('alice'), { name: 'default role' });
    assert.equal(plain.body['role'], 'trader');
    const stronger = await call(url, 'POST', '/auth/api-keys', as('alice'), { name: 'too strong', role: 'admin' });
    assert.equal(stronger.status, 400);
    assert.equal(stronger.body.error?.field, 'role');
  });

  it('lets a viewer neither list nor create API keys (403)', async () => {
    assert.equal((await call(url, 'GET', '/auth/api-keys', as('bob'))).status, 403);
    assert.equal((await call(url, 'POST', '/auth/api-keys', as('bob'), { name: 'x' })).status, 403);
  });

  it('does not let an API key create another key (a leaked key cannot mint more)', async () => {
    const { key } = directory.createApiKey('alice', 'script', 'trader');
    const answer = await call(url, 'POST', '/auth/api-keys', key, { name: 'child' });
    assert.equal(answer.status, 403);
    assert.match(answer.body.error?.message ?? '', /login session/);
  });

  it('shows a trader only their own keys and hides others’ keys from revocation; an admin sees and revokes all', async () => {
    const tessKey = directory.createApiKey('tess', 'tess script', 'viewer');
    const alicesView = (await call(url, 'GET', '/auth/api-keys', as('alice'))).body as unknown as { owner: string }[];
    assert.ok(alicesView.length > 0 && alicesView.every((k) => k.owner === 'alice'));
    assert.equal((await call(url, 'GET', '/auth/api-keys?owner=tess', as('alice'))).status, 403);
    assert.equal((await call(url, 'DELETE', `/auth/api-keys/${tessKey.id}`, as('alice'))).status, 404);
    const adminsView = (await call(url, 'GET', '/auth/api-keys?owner=tess', as('root'))).body as unknown as { id: string }[];
    assert.deepEqual(adminsView.map((k) => k.id), [tessKey.id]);
    assert.equal((await call(url, 'DELETE', `/auth/api-keys/${tessKey.id}`, as('root'))).status, 200);
    assert.equal(directory.actorForApiKey(tessKey.key), undefined);
    assert.equal((await call(url, 'DELETE', '/auth/api-keys/0000000000000000', as('root'))).status, 404);
  });

  it('lets an admin create, list and change users; a new user can log in', async () => {
    const created = await call(url, 'POST', '/auth/users', as('root'), { username: 'frank', password: PASSWORD, role: 'viewer' });
    assert.equal(created.status, 201);
    assert.deepEqual({ ...created.body, createdAt: 'x' }, { username: 'frank', role: 'viewer', disabled: false, createdAt: 'x' });
    const users = (await call(url, 'GET', '/auth/users', as('root'))).body as unknown as { username: string; passwordHash?: string }[];
    assert.ok(users.some((u) => u.username === 'frank'));
    assert.ok(users.every((u) => u.passwordHash === undefined));
    const promoted = await call(url, 'PATCH', '/auth/users/frank', as('root'), { role: 'trader' });
    assert.equal(promoted.body['role'], 'trader');
    assert.equal((await call(url, 'POST', '/auth/login', undefined, { username: 'frank', password: PASSWORD })).status, 200);
  });

  it('refuses user administration to a viewer and a trader (403)', async () => {
    const viewer = await call(url, 'POST', '/auth/users', as('bob'), { username: 'eve', password: PASSWORD, role: 'admin' });
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error?.message, 'bob has role viewer; this call needs admin');
    assert.equal((await call(url, 'GET', '/auth/users', as('alice'))).status, 403);
    assert.equal((await call(url, 'PATCH', '/auth/users/alice', as('alice'), { role: 'admin' })).status, 403);
  });

  it('names the field of a bad new user: weak password, taken name, unknown role', async () => {
    const weak = await call(url, 'POST', '/auth/users', as('root'), { username: 'gina', password: 'short', role: 'viewer' });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.error?.field, 'password');
    const taken = await call(url, 'POST', '/auth/users', as('root'), { username: 'ALICE', password: PASSWORD, role: 'viewer' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error?.code, 'CONFLICT');
    const role = await call(url, 'POST', '/auth/users', as('root'), { username: 'gina', password: PASSWORD, role: 'superuser' });
    assert.equal(role.status, 400);
    assert.equal(role.body.error?.field, 'role');
  });

  it('refuses to disable or demote the last active admin with a clear message', async () => {
    const demote = await call(url, 'PATCH', '/auth/users/root', as('root'), { role: 'trader' });
    assert.equal(demote.status, 409);
    assert.match(demote.body.error?.message ?? '', /last active admin/);
    const disable = await call(url, 'PATCH', '/auth/users/root', as('root'), { disabled: true });
    assert.equal(disable.status, 409);
    assert.equal(directory.user('root')?.role, 'admin');
  });

  it('answers 404 for an unknown user and 400 for a change that changes nothing', async () => {
    assert.equal((await call(url, 'PATCH', '/auth/users/nobody', as('root'), { role: 'viewer' })).status, 404);
    const empty = await call(url, 'PATCH', '/auth/users/bob', as('root'), {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.error?.message ?? '', /nothing to change/);
  });

  it('disabling a user stops their token and their API keys at once', async () => {
    await directory.addUser('hank', PASSWORD, 'trader');
    const token = (await call(url, 'POST', '/auth/login', undefined, { username: 'hank', password: PASSWORD })).body['token'] as string;
    const key = (await call(url, 'POST', '/auth/api-keys', token, { name: 'hank script' })).body['key'] as string;
    assert.equal((await call(url, 'PATCH', '/auth/users/hank', as('root'), { disabled: true })).status, 200);
    assert.equal((await call(url, 'GET', '/auth/me', token)).status, 401);
    assert.equal((await call(url, 'GET', '/auth/me', key)).status, 401);
  });
});
