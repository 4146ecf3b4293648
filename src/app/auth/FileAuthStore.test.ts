import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserDirectory } from '../../api/index.js';
import { ValidationError } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { authFilePath, FileAuthStore } from './FileAuthStore.js';

const PASSWORD = 'correct horse battery';

describe('FileAuthStore', () => {
  it('answers nothing before the first save', () => {
    assert.equal(new FileAuthStore(join(makeTempDir(), 'auth.json')).load(), undefined);
  });

  it('round-trips users, keys and the secret through $FORTRESS_HOME/auth.json, readable by its owner only', async () => {
    const home = join(makeTempDir(), 'home');
    const path = authFilePath(home);
    const first = UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 });
    await first.addUser('alice', PASSWORD, 'trader');
    const { key } = first.createApiKey('alice', 'script', 'viewer');
    assert.equal(path, join(home, 'auth.json'));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /correct horse/);
    assert.equal(readFileSync(path, 'utf8').includes(key), false);

    const second = UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 });
    assert.equal((await second.verifyPassword('alice', PASSWORD))?.role, 'trader');
    assert.equal(second.actorForApiKey(key)?.username, 'alice');
  });

  it('reads a file written before session epochs existed as epoch 0, and signing out then raises it', async () => {
    const path = join(makeTempDir(), 'auth.json');
    const first = UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 });
    await first.addUser('alice', PASSWORD, 'trader');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { users: Record<string, unknown>[] };
    for (const user of saved.users) delete user['sessionEpoch'];
    writeFileSync(path, JSON.stringify(saved));
    const older = UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 });
    assert.equal(older.sessionEpoch('alice'), 0);
    older.signOut('alice');
    assert.equal(UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 }).sessionEpoch('alice'), 1);
  });

  it('stops with an error naming the file when it is not JSON', () => {
    const path = join(makeTempDir(), 'auth.json');
    writeFileSync(path, '{ "version": 1, ');
    assert.throws(() => new FileAuthStore(path).load(), (error: unknown) => error instanceof ValidationError && error.message.startsWith(`${path}: not valid JSON`));
  });

  it('stops with an error naming the file and the field when a value is wrong', async () => {
    const path = join(makeTempDir(), 'auth.json');
    const directory = UserDirectory.create(new FileAuthStore(path), { scryptCost: 2 ** 10 });
    await directory.addUser('alice', PASSWORD, 'trader');
    const data = JSON.parse(readFileSync(path, 'utf8')) as { users: { role: string }[] };
    data.users[0]!.role = 'superuser';
    writeFileSync(path, JSON.stringify(data));
    assert.throws(
      () => new FileAuthStore(path).load(),
      (error: unknown) => error instanceof ValidationError && error.message.startsWith(`${path}: users.0.role:`) && error.details?.['field'] === 'users.0.role',
    );
  });
});
