import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const DOCS_PATH = '/docs';

/**
 * The OpenAPI document, generated from the same zod schemas that validate each route's requests and
 * answers, browsable at `/docs` (JSON at `/docs/json`). Register before the routes it documents.
 */
export function addOpenApi(app: FastifyInstance): void {
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fortress node API',
        version: '1',
        description:
          'Watch and steer a Fortress trading node. Log in with POST /auth/login and send `Authorization: Bearer <token>` (or an API key). Roles: viewer < trader < admin. Money is in minor units of the account currency (`minorDigits`). Live events: a WebSocket at `/stream?types=A,B&instruments=X,Y` (authenticate with the Authorization header or `?token=`), which sends `{ type: \'hello\' }` then `{ type: \'event\', event }` per matching event; a client that falls 1 MiB behind is dropped (close code 4008).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A login token or an API key (fk_…)' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: true,
    // Plain HTTP on loopback: do not ask the browser to upgrade to https. Swagger UI sets inline styles.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, '').replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });
}
