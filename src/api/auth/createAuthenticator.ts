import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Clock } from '../../core/index.js';
import { ApiError } from '../apiErrors.js';
import { API_KEY_PREFIX } from './apiKeyFormat.js';
import { verifyToken } from './tokens.js';
import type { UserDirectory } from './UserDirectory.js';

/** The WebSocket route: browsers cannot set headers on a WebSocket, so there (only) the credential may come as `?token=`. */
export const STREAM_PATH = '/stream';

export interface AuthenticatorOptions {
  readonly directory: UserDirectory;
  /** Time for token expiry; default the wall clock. */
  readonly clock?: Clock;
  /** Routes that take the credential as `?token=`; default just `/stream`. */
  readonly queryTokenPaths?: readonly string[];
}

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The root onRequest hook: a valid `Authorization: Bearer <login token | fk_… API key>` sets `request.actor`;
 * a credential that is present but wrong answers 401 naming why (expired, bad signature, revoked…); none at
 * all leaves the request anonymous, and the route's `requireRole` decides. Credentials are never logged.
 */
export function createAuthenticator(options: AuthenticatorOptions): onRequestHookHandler {
  const { directory } = options;
  const queryTokenPaths = new Set(options.queryTokenPaths ?? [STREAM_PATH]);
  return async (request) => {
    const credential = credentialOf(request, queryTokenPaths);
    if (credential === undefined) return;
    if (credential.startsWith(API_KEY_PREFIX)) {
      const actor = directory.actorForApiKey(credential);
      if (actor === undefined) throw new ApiError('UNAUTHORIZED', 'API key refused: unknown, revoked, or its owner is disabled');
      request.actor = actor;
      return;
    }
    request.actor = await verifyToken(directory, credential, options.clock);
  };
}

function credentialOf(request: FastifyRequest, queryTokenPaths: ReadonlySet<string>): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') {
    const match = BEARER.exec(header);
    if (match?.[1] === undefined) throw new ApiError('UNAUTHORIZED', 'malformed Authorization header: send "Bearer <token or API key>"', { field: 'headers.authorization' });
    return match[1];
  }
  const path = request.routeOptions.url;
  if (path === undefined || !queryTokenPaths.has(path)) return undefined;
  const token = (request.query as Readonly<Record<string, unknown>> | undefined)?.['token'];
  return typeof token === 'string' && token !== '' ? token : undefined;
}
