import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ControlError } from '../control.js';

/**
 * Password hashing with Node's built-in scrypt (memory-hard), stored as a self-describing string
 * `scrypt$N$r$p$saltB64$hashB64` so a hash made with other parameters (a cheaper cost in tests, a dearer one
 * later) still verifies.
 */
export const DEFAULT_SCRYPT_COST = 2 ** 15;
export const PASSWORD_MIN_LENGTH = 12;
/** Longer inputs are refused before hashing: nobody types more, and scrypt's cost grows with the input. */
export const PASSWORD_MAX_LENGTH = 1024;

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

/** Throws INVALID naming `field` unless the password meets the policy (length only: long passphrases beat rules). */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ControlError('INVALID', `${field} must be at least ${PASSWORD_MIN_LENGTH} characters (got ${password.length})`, field);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new ControlError('INVALID', `${field} must be at most ${PASSWORD_MAX_LENGTH} characters`, field);
  }
}

/** A fresh random salt and the scrypt key of `password`, as `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, cost, BLOCK_SIZE, PARALLELISM);
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time; false for a string that is not one of our hashes. */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined || password.length > PASSWORD_MAX_LENGTH) return false;
  const key = await deriveKey(password, parsed.salt, parsed.cost, parsed.blockSize, parsed.parallelism);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/**
 * A well-formed hash no password matches (its key is all zeros), with the same cost as a real one: verifying
 * against it takes as long as against a user's, so a login for an unknown name answers no faster.
 */
export function unmatchableHash(cost = DEFAULT_SCRYPT_COST): string {
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, Buffer.alloc(SALT_BYTES).toString('base64'), Buffer.alloc(KEY_BYTES).toString('base64')].join('$');
}

interface ParsedHash {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined || rest.length > 0) return undefined;
  const [cost, blockSize, parallelism] = [Number(n), Number(r), Number(p)];
  if (!isPowerOfTwo(cost) || !Number.isInteger(blockSize) || blockSize < 1 || !Number.isInteger(parallelism) || parallelism < 1) return undefined;
  return { cost, blockSize, parallelism, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 1 && value <= 2 ** 20 && (value & (value - 1)) === 0;
}

function deriveKey(password: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default, exactly N=2^15, r=8).
  const options: ScryptOptions = { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}
