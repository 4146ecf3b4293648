import { z } from 'zod';
import { ROLE_NAMES } from './AuthData.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';

/** Request and response bodies of the auth routes (OpenAPI shows them as written here). */
export const roleSchema = z.enum(ROLE_NAMES).describe('viewer: read everything; trader: + steer trading; admin: + users and strategies');

const username = z.string().min(1).max(64).describe('letters, digits, ".", "_", "-"');
const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);

export const loginBodySchema = z.object({ username, password });

export const loginResponseSchema = z.object({
  token: z.string().describe('send as Authorization: Bearer <token>'),
  expiresAt: z.string().describe('ISO time; log in again after it'),
  user: z.object({ username: z.string(), role: roleSchema }),
});

export const meResponseSchema = z.object({
  username: z.string(),
  role: roleSchema,
  via: z.string().describe('token (logged in) or apiKey:<id>'),
});

export const passwordChangeBodySchema = z.object({
  currentPassword: password,
  newPassword: password.describe('at least 12 characters'),
});

export const userInfoSchema = z.object({
  username: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  disabled: z.boolean(),
});

export const newUserBodySchema = z.object({ username, password: password.describe('at least 12 characters'), role: roleSchema });

export const userChangeBodySchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: password.optional().describe('set a new password for the user (at least 12 characters)'),
  })
  .strict();

export const usernameParamsSchema = z.object({ username });

export const apiKeyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
});

export const newApiKeyBodySchema = z.object({
  name: z.string().min(1).max(100).describe('what the key is for ("nightly report script")'),
  role: roleSchema.optional().describe("at most the owner's role; default the owner's role"),
});

export const newApiKeyResponseSchema = apiKeyInfoSchema.extend({
  key: z.string().describe('shown this once; send as Authorization: Bearer <key>'),
});

export const apiKeyParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const apiKeyQuerySchema = z.object({ owner: z.string().min(1).max(64).optional().describe('admin only: one user’s keys') });
