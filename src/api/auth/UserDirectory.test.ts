import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../../core/index.js';
import { ControlError } from '../control.js';
import { MemoryAuthStore } from './MemoryAuthStore.js';
import { UserDirectory } from './UserDirectory.js';

const PASSWORD = 'correct horse battery';
const options = { scryptCost: 2 ** 10 };

function refusedWith(code: ControlError['code'], pattern: RegExp) {
  return (error: unknown) => error instanceof ControlError && error.code === code && pattern.test(error.message);
}

describe('UserDirectory', () => {
  it('starts empty with a fresh 32-byte signing secret, saved at once, and needs bootstrap', () => {
    const store = new MemoryAuthStore();
    const directory = UserDirectory.create(store, options);
    const saved = store.load();
    assert.equal(directory.needsBootstrap(), true);
    assert.equal(Buffer.from(saved?.tokenSecret ?? '', 'base64url').length, 32);
    assert.notEqual(UserDirectory.create(new MemoryAuthStore(), options).tokenSigningKey().export().toString('base64url'), saved?.tokenSecret);
  });

  it('keeps users, keys and the secret across a reload from the store', async () => {
    const store = new MemoryAuthStore();
    const first = UserDirectory.create(store, options);
    await first.addUser('alice', PASSWORD, 'trader');
    const { key } = first.createApiKey('alice', 'script', 'viewer');
    const second = UserDirectory.create(store, options);
    assert.equal(second.needsBootstrap(), false);
    assert.equal((await second.verifyPassword('alice', PASSWORD))?.role, 'trader');
    assert.deepEqual(second.actorForApiKey(key), first.actorForApiKey(key));
    assert.equal(second.tokenSigningKey().export().toString('base64url'), first.tokenSigningKey().export().toString('base64url'));
  });

  it('verifies passwords and answers undefined for a wrong password or an unknown user', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('alice', PASSWORD, 'viewer');
    assert.deepEqual(await directory.verifyPassword('alice', PASSWORD), { username: 'alice', role: 'viewer', createdAt: directory.user('alice')?.createdAt, disabled: false });
    assert.equal(await directory.verifyPassword('alice', 'wrong password!!'), undefined);
    assert.equal(await directory.verifyPassword('mallory', PASSWORD), undefined);
  });

  it('never hands out password hashes, and stores no plain password', async () => {
    const store = new MemoryAuthStore();
    const directory = UserDirectory.create(store, options);
    await directory.addUser('alice', PASSWORD, 'viewer');
    assert.equal(Object.hasOwn(directory.users()[0] ?? {}, 'passwordHash'), false);
    assert.doesNotMatch(JSON.stringify(store.load()), /correct horse/);
  });

  it('refuses a weak password, a bad username and a name taken in any letter case', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await assert.rejects(directory.addUser('alice', 'short', 'viewer'), refusedWith('INVALID', /password must be at least 12/));
    await assert.rejects(directory.addUser('bad name', PASSWORD, 'viewer'), refusedWith('INVALID', /username must be/));
    await directory.addUser('alice', PASSWORD, 'viewer');
    await assert.rejects(directory.addUser('Alice', PASSWORD, 'viewer'), refusedWith('CONFLICT', /user alice already exists/));
  });

  it('changes a password: the old one stops working', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('alice', PASSWORD, 'viewer');
    await directory.setPassword('alice', 'a brand new passphrase');
    assert.equal(await directory.verifyPassword('alice', PASSWORD), undefined);
    assert.equal((await directory.verifyPassword('alice', 'a brand new passphrase'))?.username, 'alice');
  });

  it('raises the session epoch at a password change and a sign-out, and keeps it across a reload', async () => {
    const store = new MemoryAuthStore();
    const directory = UserDirectory.create(store, options);
    await directory.addUser('alice', PASSWORD, 'viewer');
    assert.equal(directory.sessionEpoch('alice'), 0);
    await directory.setPassword('alice', 'a brand new passphrase');
    directory.signOut('alice');
    assert.equal(directory.sessionEpoch('alice'), 2);
    assert.equal(UserDirectory.create(store, options).sessionEpoch('alice'), 2);
    assert.throws(() => directory.signOut('nobody'), refusedWith('NOT_FOUND', /nobody/));
  });

  it('refuses to demote or disable the last active admin, and allows it once another admin exists', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('root', PASSWORD, 'admin');
    assert.throws(() => directory.setRole('root', 'trader'), refusedWith('CONFLICT', /last active admin/));
    assert.throws(() => directory.setDisabled('root', true), refusedWith('CONFLICT', /last active admin/));
    await directory.addUser('second', PASSWORD, 'admin');
    directory.setDisabled('second', true);
    assert.throws(() => directory.setRole('root', 'viewer'), refusedWith('CONFLICT', /last active admin/), 'a disabled admin does not count');
    directory.setDisabled('second', false);
    assert.equal(directory.setRole('root', 'viewer').role, 'viewer');
  });

  it('creates API keys fk_<id>_<secret> that name their owner, and keeps only their hash', async () => {
    const store = new MemoryAuthStore();
    const directory = UserDirectory.create(store, options);
    await directory.addUser('alice', PASSWORD, 'trader');
    const created = directory.createApiKey('alice', 'nightly report', 'viewer');
    assert.match(created.key, /^fk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.key.slice(3, 19), created.id);
    assert.deepEqual(directory.actorForApiKey(created.key), { username: 'alice', role: 'viewer', via: `apiKey:${created.id}` });
    assert.equal(JSON.stringify(store.load()).includes(created.key), false);
    assert.deepEqual(directory.apiKeys('alice').map((k) => k.name), ['nightly report']);
  });

  it('refuses a key with more rights than its owner', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('alice', PASSWORD, 'trader');
    assert.throws(() => directory.createApiKey('alice', 'too strong', 'admin'), refusedWith('INVALID', /alice has role trader; a key cannot have more \(admin\)/));
  });

  it('does not accept a revoked, unknown, forged or disabled owner’s key', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('alice', PASSWORD, 'trader');
    const revoked = directory.createApiKey('alice', 'old', 'trader');
    const live = directory.createApiKey('alice', 'live', 'trader');
    assert.ok(directory.revokeApiKey(revoked.id).revokedAt);
    assert.equal(directory.actorForApiKey(revoked.key), undefined);
    assert.equal(directory.actorForApiKey(`fk_${live.id}_${'A'.repeat(43)}`), undefined);
    assert.equal(directory.actorForApiKey('fk_nonsense'), undefined);
    directory.setDisabled('alice', true);
    assert.equal(directory.actorForApiKey(live.key), undefined);
    directory.setDisabled('alice', false);
    assert.equal(directory.actorForApiKey(live.key)?.username, 'alice');
    assert.throws(() => directory.revokeApiKey('0000000000000000'), refusedWith('NOT_FOUND', /no API key/));
  });

  it('caps a key’s role at its owner’s current role (a demoted owner’s keys lose rights too)', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('alice', PASSWORD, 'trader');
    const { key } = directory.createApiKey('alice', 'script', 'trader');
    directory.setRole('alice', 'viewer');
    assert.equal(directory.actorForApiKey(key)?.role, 'viewer');
  });

  it('records a key’s last use, written back at most once a minute', async () => {
    const clock = new SimulatedClock(Date.parse('2025-01-02T10:00:00Z'));
    const store = new MemoryAuthStore();
    const directory = UserDirectory.create(store, { ...options, clock });
    await directory.addUser('alice', PASSWORD, 'trader');
    const { id, key } = directory.createApiKey('alice', 'script', 'trader');
    directory.actorForApiKey(key);
    clock.advanceTo(clock.nowMs() + 30_000);
    directory.actorForApiKey(key);
    assert.equal(store.load()?.apiKeys[0]?.lastUsedAt, '2025-01-02T10:00:00.000Z');
    clock.advanceTo(clock.nowMs() + 31_000);
    directory.actorForApiKey(key);
    assert.equal(directory.apiKey(id)?.lastUsedAt, '2025-01-02T10:01:01.000Z');
  });
});
