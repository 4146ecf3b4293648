import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { SimulatedClock } from '../../core/index.js';
import { ApiError } from '../apiErrors.js';
import { MemoryAuthStore } from './MemoryAuthStore.js';
import { signToken, verifyToken } from './tokens.js';
import { UserDirectory } from './UserDirectory.js';

const PASSWORD = 'correct horse battery';
const T0_MS = Date.parse('2025-03-04T09:00:00Z');

async function directoryWith(username: string, role: 'viewer' | 'trader' | 'admin'): Promise<UserDirectory> {
  const directory = UserDirectory.create(new MemoryAuthStore(), { scryptCost: 2 ** 10 });
  await directory.addUser(username, PASSWORD, role);
  return directory;
}

function unauthorized(pattern: RegExp) {
  return (error: unknown) => error instanceof ApiError && error.code === 'UNAUTHORIZED' && pattern.test(error.message);
}

/** The token with one character of its signature (not the last, whose low bits are padding) changed. */
function withFlippedSignature(token: string): string {
  const at = token.lastIndexOf('.') + 5;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

describe('login tokens', () => {
  it('carry sub, role, iat, exp 15 minutes later and a jti, signed HS256', async () => {
    const directory = await directoryWith('alice', 'trader');
    const clock = new SimulatedClock(T0_MS);
    const issued = await signToken(directory, { username: 'alice', role: 'trader' }, { clock });
    const claims = decodeJwt(issued.token);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims['role'], 'trader');
    assert.equal(claims.iat, T0_MS / 1000);
    assert.equal(claims.exp, T0_MS / 1000 + 900);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.equal(issued.expiresAt, '2025-03-04T09:15:00.000Z');
    assert.deepEqual(await verifyToken(directory, issued.token, clock), { username: 'alice', role: 'trader', via: 'token' });
  });

  it('are refused once expired, saying when they expired', async () => {
    const directory = await directoryWith('alice', 'viewer');
    const clock = new SimulatedClock(T0_MS);
    const { token } = await signToken(directory, { username: 'alice', role: 'viewer' }, { clock, ttlSeconds: 60 });
    clock.advanceTo(T0_MS + 61_000);
    await assert.rejects(verifyToken(directory, token, clock), unauthorized(/^token expired at 2025-03-04T09:01:00.000Z/));
  });

  it('are refused with a changed signature or payload, or when signed by another node', async () => {
    const directory = await directoryWith('alice', 'viewer');
    const { token } = await signToken(directory, { username: 'alice', role: 'viewer' });
    await assert.rejects(verifyToken(directory, withFlippedSignature(token)), unauthorized(/^token signature invalid$/));
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'admin' })).toString('base64url');
    await assert.rejects(verifyToken(directory, `${header}.${forgedPayload}.${signature}`), unauthorized(/^token signature invalid$/));
    const other = await directoryWith('alice', 'viewer');
    const foreign = await signToken(other, { username: 'alice', role: 'viewer' });
    await assert.rejects(verifyToken(directory, foreign.token), unauthorized(/^token signature invalid$/));
  });

  it('refuses an unsigned (alg none) token and what is not a token at all', async () => {
    const directory = await directoryWith('alice', 'admin');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'alice', role: 'admin', iat: 1, exp: 9_999_999_999, jti: 'x' })).toString('base64url');
    await assert.rejects(verifyToken(directory, `${header}.${payload}.`), unauthorized(/signature invalid|not a token/));
    await assert.rejects(verifyToken(directory, 'hello'), unauthorized(/^not a token/));
    await assert.rejects(verifyToken(directory, 'a.b.c'), unauthorized(/^not a token/));
  });

  it('use the user’s current role, and stop working when the user is disabled', async () => {
    const directory = await directoryWith('alice', 'trader');
    await directory.addUser('root', PASSWORD, 'admin');
    const { token } = await signToken(directory, { username: 'alice', role: 'trader' });
    directory.setRole('alice', 'viewer');
    assert.equal((await verifyToken(directory, token)).role, 'viewer');
    directory.setDisabled('alice', true);
    await assert.rejects(verifyToken(directory, token), unauthorized(/user alice no longer exists or is disabled/));
  });
});
