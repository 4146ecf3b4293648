import { z } from 'zod';
import type { Role } from '../control.js';

export const ROLE_NAMES = ['viewer', 'trader', 'admin'] as const satisfies readonly Role[];

/** Letters, digits and `._-`, 1 to 64 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const isoTime = z.iso.datetime();

export const userSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN),
  role: z.enum(ROLE_NAMES),
  /** `scrypt$N$r$p$salt$hash` (passwords.ts). */
  passwordHash: z.string().startsWith('scrypt$'),
  createdAt: isoTime,
  disabled: z.boolean(),
  /**
   * Login tokens carry it; signing out or changing the password raises it, so every token issued before is
   * refused from then on (a stolen token dies with a sign-out). Files written before it existed read as 0.
   */
  sessionEpoch: z.number().int().nonnegative().default(0),
});

export const apiKeyRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(100),
  owner: z.string().regex(USERNAME_PATTERN),
  role: z.enum(ROLE_NAMES),
  /** sha256 hex of the whole key: keys are 32 random bytes, so a fast hash is enough. */
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: isoTime,
  revokedAt: isoTime.optional(),
  lastUsedAt: isoTime.optional(),
});

/** Everything the directory persists: the users, the API keys and the token signing secret. */
export const authDataSchema = z.object({
  version: z.literal(1),
  /** 32 random bytes, base64url: the HS256 key of the login tokens. */
  tokenSecret: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes in base64url'),
  users: z.array(userSchema),
  apiKeys: z.array(apiKeyRecordSchema),
});

export type User = z.infer<typeof userSchema>;
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;
export type AuthData = z.infer<typeof authDataSchema>;

/** A user as others may see it: no password hash, no session epoch. */
export type UserInfo = Omit<User, 'passwordHash' | 'sessionEpoch'>;
/** An API key as others may see it: no hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'keyHash'>;

/**
 * Where the directory keeps its data: a file next to the node's other state (app's FileAuthStore), or memory
 * in tests. `load` answers undefined when nothing was saved yet and throws when what was saved is unreadable.
 */
export interface AuthStore {
  load(): AuthData | undefined;
  save(data: AuthData): void;
}
