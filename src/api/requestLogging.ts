import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/index.js';

const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's `X-Request-Id` when it is a plain token (so a client can follow its request in our log), else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One log line per request (component `api`, the request id as correlation id), written when the answer
 * has been sent; the id is echoed in `X-Request-Id`. Server faults are logged by the error handler with
 * their cause; this line only says what was asked and answered.
 */
export function addRequestLogging(app: FastifyInstance, logger: Logger): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const fields = {
      correlationId: request.id,
      method: request.method,
      path: pathOf(request.url),
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      ip: request.ip,
    };
    if (status >= 500) logger.error(fields, 'request failed');
    else if (status >= 400) logger.warn(fields, 'request refused');
    else logger.info(fields, 'request');
    done();
  });
}

/** The path without its query string (a query may carry something that does not belong in a log). */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
