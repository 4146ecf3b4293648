import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every API key starts with this, so the authenticator can tell a key from a login token at a glance. */
export const API_KEY_PREFIX = 'fk_';

const ID_BYTES = 8;
const SECRET_BYTES = 32;
const KEY_PATTERN = /^fk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new key `fk_<id hex>_<32 random bytes base64url>`; the id finds its record, the whole key is what gets hashed. */
export function generateApiKey(): { readonly id: string; readonly key: string } {
  const id = randomBytes(ID_BYTES).toString('hex');
  return { id, key: `${API_KEY_PREFIX}${id}_${randomBytes(SECRET_BYTES).toString('base64url')}` };
}

/** The id of a well-formed key, or undefined. */
export function apiKeyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** sha256 hex: the key is 32 random bytes, so a fast hash is right (nothing to brute-force, and it runs on every request). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, keyHash: string): boolean {
  const given = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(keyHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
