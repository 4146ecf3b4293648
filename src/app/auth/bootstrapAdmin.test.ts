import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryAuthStore, UserDirectory } from '../../api/index.js';
import { silentLogger, ValidationError, type Logger } from '../../core/index.js';
import { bootstrapAdmin } from './bootstrapAdmin.js';

const options = { scryptCost: 2 ** 10 };

/** A Logger that keeps every line as text, to check what was (not) logged. */
function textLogger(lines: string[]): Logger {
  const write = (fields: Readonly<Record<string, unknown>>, message?: string) => lines.push(`${JSON.stringify(fields)} ${message ?? ''}`);
  const logger: Logger = { debug: write, info: write, warn: write, error: write, child: () => logger };
  return logger;
}

describe('bootstrapAdmin', () => {
  it('creates admin with FORTRESS_ADMIN_PASSWORD when no user exists', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    const outcome = await bootstrapAdmin(directory, { FORTRESS_ADMIN_PASSWORD: 'a long admin passphrase' }, silentLogger);
    assert.deepEqual(outcome, { username: 'admin', created: true });
    assert.equal((await directory.verifyPassword('admin', 'a long admin passphrase'))?.role, 'admin');
  });

  it('generates a random one-time password when none is given, returns it and never logs it', async () => {
    const lines: string[] = [];
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    const outcome = await bootstrapAdmin(directory, {}, textLogger(lines));
    assert.equal(outcome.created, true);
    const password = outcome.oneTimePassword ?? assert.fail('no password generated');
    assert.ok(password.length >= 20);
    assert.equal((await directory.verifyPassword('admin', password))?.role, 'admin');
    assert.equal(lines.join('\n').includes(password), false);
    const other = await bootstrapAdmin(UserDirectory.create(new MemoryAuthStore(), options), {}, silentLogger);
    assert.notEqual(other.oneTimePassword, password);
  });

  it('refuses a FORTRESS_ADMIN_PASSWORD that does not meet the policy, naming the variable', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await assert.rejects(
      bootstrapAdmin(directory, { FORTRESS_ADMIN_PASSWORD: 'admin' }, silentLogger),
      (error: unknown) => error instanceof ValidationError && /^FORTRESS_ADMIN_PASSWORD must be at least 12 characters/.test(error.message),
    );
    assert.equal(directory.needsBootstrap(), true);
  });

  it('changes nothing once users exist', async () => {
    const directory = UserDirectory.create(new MemoryAuthStore(), options);
    await directory.addUser('root', 'correct horse battery', 'admin');
    const outcome = await bootstrapAdmin(directory, { FORTRESS_ADMIN_PASSWORD: 'a long admin passphrase' }, silentLogger);
    assert.deepEqual(outcome, { username: 'admin', created: false });
    assert.equal(directory.user('admin'), undefined);
  });
});
