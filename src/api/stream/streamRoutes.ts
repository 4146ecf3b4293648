import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_TYPES, isEventType, silentLogger, type Logger } from '../../core/index.js';
import { ApiError } from '../apiErrors.js';
import { STREAM_PATH, actorOf, requireRole } from '../auth/index.js';
import type { NodeControl } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { StreamFilter } from './StreamFilter.js';
import { StreamHub, type StreamClient } from './StreamHub.js';

export interface StreamRoutesOptions {
  readonly control: NodeControl;
  /** A client whose unsent backlog reaches this is dropped (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** How long events are gathered before they are written (default 10 ms). */
  readonly batchDelayMs?: number;
  /** Connections beyond this are refused with 503 (default 100). */
  readonly maxClients?: number;
  readonly logger?: Logger;
}

export const DEFAULT_STREAM_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_STREAM_MAX_CLIENTS = 100;

const list = (what: string): z.ZodType<string[] | undefined, string | undefined> =>
  z
    .string()
    .max(4000)
    .optional()
    .transform((text) => {
      const items = text?.split(',').map((item) => item.trim()).filter((item) => item !== '');
      return items !== undefined && items.length > 0 ? items : undefined;
    })
    .describe(`${what}, comma-separated; all when absent`);

const streamQuerySchema = z.object({
  types: list('event types (e.g. OrderFilled,PositionChanged)').superRefine((types, ctx) => {
    const unknown = types?.find((type) => !isEventType(type));
    if (unknown !== undefined) ctx.addIssue({ code: 'custom', message: `unknown event type "${unknown}" (known: ${EVENT_TYPES.join(', ')})` });
  }),
  instruments: list('instrument ids (an event matches by its key or its payload.instrumentId)'),
  token: z.string().optional().describe('a login token or API key, for clients that cannot set the Authorization header'),
});

/**
 * `GET /stream` (WebSocket, viewer): live events as `{ "type": "event", "event": … }`, after a
 * `{ "type": "hello", … }` naming the caller and the filter. Authenticated like the API (the header, or
 * `?token=`); a request without a valid caller is answered 401 before the upgrade. A client that does not
 * keep up is dropped (close code 4008), never waited for: see StreamHub.
 */
export const streamRoutes: FastifyPluginAsyncZod<StreamRoutesOptions> = async (app, options) => {
  const logger = (options.logger ?? silentLogger).child({ component: 'stream' });
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_STREAM_MAX_BUFFERED_BYTES;
  const maxClients = options.maxClients ?? DEFAULT_STREAM_MAX_CLIENTS;
  const hub = new StreamHub({
    events: options.control.events,
    maxBufferedBytes,
    logger,
    ...(options.batchDelayMs !== undefined ? { batchDelayMs: options.batchDelayMs } : {}),
  });
  app.addHook('onClose', (_instance, done) => {
    hub.close();
    done();
  });
  // An upgrade refused with an HTTP answer leaves its socket to whoever answered. @fastify/websocket destroys
  // it only when its own onRequest hook ran, which a root hook that failed first (a bad token) prevents; the
  // socket would then linger and hold up the server's close. Ours runs for every request to this route.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.headers.upgrade?.toLowerCase() === 'websocket') request.raw.socket.destroy();
    done();
  });

  app.get(
    STREAM_PATH,
    {
      websocket: true,
      // Before validation: an anonymous upgrade is refused without learning anything about its query.
      onRequest: requireRole('viewer'),
      preHandler: (_request, _reply, done) => {
        done(hub.size >= maxClients ? new ApiError('UNAVAILABLE', `the stream serves at most ${maxClients} clients; try again later`) : undefined);
      },
      schema: {
        summary: 'Live events over a WebSocket, filtered by type and instrument (viewer)',
        tags: ['stream'],
        querystring: streamQuerySchema,
        response: { ...authErrorResponses, 503: errorResponseSchema },
      },
    },
    (socket, request) => {
      const actor = actorOf(request);
      const { types, instruments } = request.query;
      const filter = new StreamFilter(types === undefined ? undefined : new Set(types), instruments === undefined ? undefined : new Set(instruments));
      if (socket.extensions !== '') {
        // The hub writes ready-made frames to the TCP socket; a compressed connection would need each re-framed.
        logger.error({ extensions: socket.extensions }, 'stream needs the WebSocket server without permessage-deflate');
        socket.close(1011, 'server misconfigured');
        return;
      }
      const client: StreamClient = { socket, tcp: request.raw.socket, filter, username: actor.username };
      const forget = (): void => hub.remove(client);
      socket.on('close', forget);
      socket.on('error', (error: Error) => {
        logger.debug({ user: actor.username, err: error.message }, 'stream client error');
        forget();
      });
      socket.send(JSON.stringify({ type: 'hello', user: actor.username, role: actor.role, filter: filter.describe(), maxBufferedBytes }));
      hub.add(client);
      logger.info({ user: actor.username, ...filter.describe() }, 'stream client connected');
    },
  );
};
