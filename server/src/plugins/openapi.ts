import fastifySwagger from '@fastify/swagger';
import { ErrorBody } from '@rumbo/shared';
import fp from 'fastify-plugin';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The API contract as OpenAPI 3.1, built from the routes' own schemas (the same ones that
 * validate requests and serialize answers), served at GET /api/v1/openapi.json. Registered before
 * every route, so it sees them all. The browser pages are described; their static assets are not.
 */
export default fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Rumbo API',
          version: '1',
          description:
            'Real-time caravan geotracking: field reports in, distance to the US–Mexico border out. ' +
            'Every error answers `{ error: { code, message, details? } }` (components.schemas.ErrorBody).',
          license: { name: 'MIT', identifier: 'MIT' },
        },
        tags: [
          { name: 'caravans', description: 'Caravans and their summaries (staff; changes by the admin)' },
          { name: 'reports', description: 'Reports in (reporters, staff), out (staff), moderation (editors)' },
          { name: 'exports', description: 'The track as files (staff)' },
          { name: 'accounts', description: 'Reporters and staff (admin), and who a token is' },
          { name: 'alerts', description: 'Alert rules and feeds (staff; rules by editors), webhooks (admin)' },
          { name: 'public', description: 'The public projection: delayed, coarsened, anonymous' },
          { name: 'phone ingest', description: 'Phone-app protocols: OsmAnd / Traccar Client, OwnTracks' },
          { name: 'operations', description: 'Health, readiness, metrics, this document' },
          { name: 'pages', description: 'The browser pages' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'The admin token (RUMBO_ADMIN_TOKEN), or a staff or reporter token the admin created.',
            },
            basicAuth: { type: 'http', scheme: 'basic', description: 'OwnTracks: user is the reporter id, password its token.' },
            deviceId: {
              type: 'apiKey',
              in: 'query',
              name: 'id',
              description: 'OsmAnd / Traccar Client: the reporter’s device id (`deviceid` is read too, or `device_id` in JSON).',
            },
          },
          // A TypeBox schema is JSON Schema, which openapi-types' SchemaObject does not spell out.
          schemas: { ErrorBody: ErrorBody as never },
        },
      },
    });
    app.get(
      OPENAPI_PATH,
      {
        schema: {
          tags: ['operations'],
          summary: 'This document (OpenAPI 3.1)',
          response: {
            200: {
              type: 'object',
              additionalProperties: true,
              description: 'The OpenAPI 3.1 document.',
              examples: [{ openapi: '3.1.0', info: { title: 'Rumbo API', version: '1' }, paths: {} }],
            },
          },
        },
      },
      async () => app.swagger(),
    );
  },
  { name: 'openapi' },
);
