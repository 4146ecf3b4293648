import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ControlError } from '../control.js';
import { checkPasswordPolicy, DEFAULT_SCRYPT_COST, hashPassword, unmatchableHash, verifyPasswordHash } from './passwords.js';

const CHEAP = 2 ** 10;

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    const [scheme, n, r, p, salt, key] = stored.split('$');
    assert.deepEqual([scheme, n, r, p], ['scrypt', String(CHEAP), '8', '1']);
    assert.equal(Buffer.from(salt ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(key ?? '', 'base64').length, 64);
    assert.doesNotMatch(stored, /correct horse/);
  });

  it('hashes with N = 2^15 by default, which Node accepts only with a raised maxmem', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.equal(stored.split('$')[1], String(DEFAULT_SCRYPT_COST));
    assert.equal(await verifyPasswordHash('correct horse battery', stored), true);
  });

  it('salts every hash, so the same password hashes differently twice', async () => {
    assert.notEqual(await hashPassword('correct horse battery', CHEAP), await hashPassword('correct horse battery', CHEAP));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    assert.equal(await verifyPasswordHash('correct horse battery', stored), true);
    assert.equal(await verifyPasswordHash('correct horse batterY', stored), false);
  });

  it('verifies a hash made with another cost than the current default (the string describes itself)', async () => {
    const stored = await hashPassword('correct horse battery', 2 ** 11);
    assert.equal(await verifyPasswordHash('correct horse battery', stored), true);
  });

  it('refuses anything that is not one of its hashes, and never matches the unmatchable hash', async () => {
    assert.equal(await verifyPasswordHash('x', 'plain-text-password'), false);
    assert.equal(await verifyPasswordHash('x', 'scrypt$3$8$1$AAAA$AAAA'), false);
    assert.equal(await verifyPasswordHash('', unmatchableHash(CHEAP)), false);
    assert.equal(await verifyPasswordHash('correct horse battery', unmatchableHash(CHEAP)), false);
  });

  it('rejects a password shorter than 12 characters naming the field', () => {
    assert.throws(
      () => checkPasswordPolicy('short'),
      (error: unknown) => error instanceof ControlError && error.code === 'INVALID' && error.field === 'password' && /at least 12 characters/.test(error.message),
    );
    assert.throws(() => checkPasswordPolicy('short', 'newPassword'), /newPassword must be at least 12/);
    checkPasswordPolicy('twelve chars');
  });
});
