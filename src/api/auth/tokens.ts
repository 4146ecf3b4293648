import { randomUUID } from 'node:crypto';
import type * as Jose from 'jose';
import { RealClock, type Clock } from '../../core/index.js';
import { ApiError } from '../apiErrors.js';
import type { Actor, Role } from '../control.js';
import type { UserDirectory } from './UserDirectory.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
const ALGORITHM = 'HS256';

/**
 * jose, loaded at the first login or token check rather than at start: importing it (and the WebCrypto it
 * touches) is ~40 ms of a node's start and a few MB of an idle node that nobody has logged in to yet.
 */
let jose: Promise<typeof Jose> | undefined;
function loadJose(): Promise<typeof Jose> {
  jose ??= import('jose');
  return jose;
}

export interface IssuedToken {
  readonly token: string;
  /** ISO time after which the token is refused. */
  readonly expiresAt: string;
}

export interface SignTokenOptions {
  /** Default 15 minutes. */
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

/** Claim of the user's session epoch (UserDirectory.sessionEpoch): a sign-out or password change refuses older tokens. */
const EPOCH_CLAIM = 'se';

/** A short-lived login token (JWT, HS256 over the directory's secret) with sub, role, the session epoch, iat, exp and jti. */
export async function signToken(directory: UserDirectory, user: { readonly username: string; readonly role: Role }, options: SignTokenOptions = {}): Promise<IssuedToken> {
  const issuedAtS = Math.floor((options.clock ?? new RealClock()).nowMs() / 1000);
  const expiresAtS = issuedAtS + (options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const { SignJWT } = await loadJose();
  const token = await new SignJWT({ role: user.role, [EPOCH_CLAIM]: directory.sessionEpoch(user.username) ?? 0 })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(user.username)
    .setIssuedAt(issuedAtS)
    .setExpirationTime(expiresAtS)
    .setJti(randomUUID())
    .sign(directory.tokenSigningKey());
  return { token, expiresAt: new Date(expiresAtS * 1000).toISOString() };
}

/**
 * The caller a login token names, or 401 saying why not: "not a token", "token signature invalid", "token
 * expired at …", "token revoked" (its user signed out or changed password since), or that its user is gone or
 * disabled. The role is the user's current one, not the token's: a demoted user loses the rights at once.
 */
export async function verifyToken(directory: UserDirectory, token: string, clock: Clock = new RealClock()): Promise<Actor> {
  const nowMs = clock.nowMs();
  let subject: string | undefined;
  let epoch = 0;
  const known = verified.get(token);
  if (known !== undefined && known.directory === directory && nowMs < known.expiresAtMs) {
    subject = known.subject;
    epoch = known.epoch;
  } else {
    const { errors, jwtVerify } = await loadJose();
    try {
      const { payload } = await jwtVerify(token, directory.tokenSigningKey(), {
        algorithms: [ALGORITHM],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      subject = payload.sub;
      const claimed = payload[EPOCH_CLAIM];
      epoch = typeof claimed === 'number' ? claimed : 0; // tokens from before the claim existed: epoch 0
      if (subject !== undefined && payload.exp !== undefined) remember(token, { directory, subject, epoch, expiresAtMs: payload.exp * 1000 });
    } catch (error) {
      throw new ApiError('UNAUTHORIZED', refusal(error, errors));
    }
  }
  if (subject !== undefined && (directory.sessionEpoch(subject) ?? epoch) !== epoch) {
    throw new ApiError('UNAUTHORIZED', `token revoked: ${subject} signed out or changed password since it was issued; log in again`);
  }
  const actor = subject === undefined ? undefined : directory.actorForUser(subject, 'token');
  if (actor === undefined) throw new ApiError('UNAUTHORIZED', `token refused: user ${subject ?? '?'} no longer exists or is disabled`);
  return actor;
}

/**
 * Tokens whose signature and claims were verified, until they expire. A dashboard or script sends the same
 * token with every request; verifying its HMAC through WebCrypto costs ~0.1 ms each time, looking it up here
 * ~0.1 µs (measured in the API benchmark: it was most of a `GET /positions`). Only the signature check is
 * remembered: the user's existence, state and role are still read on every request. Bounded: the oldest
 * entries go first.
 */
interface VerifiedToken {
  readonly directory: UserDirectory;
  readonly subject: string;
  readonly epoch: number;
  readonly expiresAtMs: number;
}
const verified = new Map<string, VerifiedToken>();
const MAX_VERIFIED_TOKENS = 10_000;

function remember(token: string, entry: VerifiedToken): void {
  if (verified.size >= MAX_VERIFIED_TOKENS) {
    const oldest = verified.keys().next();
    if (oldest.done !== true) verified.delete(oldest.value);
  }
  verified.set(token, entry);
}

function refusal(error: unknown, errors: typeof Jose.errors): string {
  if (error instanceof errors.JWTExpired) {
    const expS = error.payload.exp;
    return typeof expS === 'number' ? `token expired at ${new Date(expS * 1000).toISOString()}; log in again` : 'token expired; log in again';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) return 'token signature invalid';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim ${error.claim} invalid (${error.reason})`;
  return 'not a token: send a login token from POST /auth/login or an API key';
}
