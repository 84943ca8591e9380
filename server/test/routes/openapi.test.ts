import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { AccountCreated } from '@rumbo/shared';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type * as Fastify from 'fastify';
import type { FastifyInstance, InjectOptions, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { adminHeaders, newCaravanId, testConfig } from '../helper';

/** What the app registered, and what went through its serializer, seen from hooks on the instance itself. */
const seen = vi.hoisted(() => ({
  routes: [] as Array<Pick<RouteOptions, 'method' | 'url' | 'schema'>>,
  /** The body the handler built for the last request (before serialization), if it built an object. */
  built: undefined as unknown,
  /** The response schema of the last request's route for its status, if it has one. */
  schema: undefined as unknown,
}));

// Hooks on the Fastify instance buildApp creates, added before any plugin or route.
vi.mock('fastify', async (importOriginal) => {
  const fastify = await importOriginal<typeof Fastify>();
  const create = (options: Parameters<typeof fastify.default>[0]) => {
    const app = fastify.default(options) as unknown as FastifyInstance;
    app.addHook('onRoute', (route) => void seen.routes.push({ method: route.method, url: route.url, schema: route.schema }));
    app.addHook('preSerialization', async (_request, _reply, payload) => {
      seen.built = JSON.parse(JSON.stringify(payload));
      return payload;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const response = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
      seen.schema = response[reply.statusCode];
      return payload;
    });
    return app;
  };
  return { ...fastify, default: create };
});

/** `/a/:b` as OpenAPI writes it: `/a/{}` (parameter names differ between README and routes). */
const pathShape = (path: string) => path.replace(/:[A-Za-z]+/g, '{}').replace(/\{[A-Za-z]+\}/g, '{}');

describe('the API contract', () => {
  let app: App;
  let document: {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'rumbo-dist-'));
    for (const page of ['index.html', 'report.html', 'embed.html']) writeFileSync(join(dist, page), '<!doctype html>');
    app = await buildApp({ config: testConfig(), store: new MemoryStore(), clientDist: dist });
    await app.ready();
    document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  afterAll(async () => app.close());

  describe('the OpenAPI document at GET /api/v1/openapi.json', () => {
    it('is a valid OpenAPI 3.1 document', async () => {
      expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0');
      const result = await new Validator().validate(document as never);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('describes every route the app registered (static assets and HEAD aside), and nothing else', () => {
      const registered = seen.routes
        .filter((route) => !(route.schema as { hide?: boolean } | undefined)?.hide)
        .flatMap((route) => [route.method].flat().map((method) => `${method} ${pathShape(route.url!)}`))
        .filter((route) => !route.startsWith('HEAD '));
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${pathShape(path)}`),
      );
      expect(registered.length).toBeGreaterThan(25);
      expect(new Set(documented)).toEqual(new Set(registered));
    });

    it('names the auth scheme of every route that needs one, and the error shape of every error', () => {
      const operations = Object.values(document.paths).flatMap((operations) => Object.values(operations));
      const security = (document as unknown as { components: { securitySchemes: object } }).components.securitySchemes;
      expect(Object.keys(security).sort()).toEqual(['basicAuth', 'bearerAuth', 'deviceId']);
      const api = document.paths['/api/v1/caravans/{caravanId}/reports']!.post!;
      expect(api.security).toEqual([{ bearerAuth: [] }]);
      expect(document.paths['/ingest/owntracks']!.post!.security).toEqual([{ basicAuth: [] }]);
      expect(document.paths['/ingest/osmand']!.get!.security).toEqual([{ deviceId: [] }]);
      for (const operation of operations) {
        const responses = operation.responses as Record<string, { content?: Record<string, { schema: unknown }> }>;
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400 || (status === '503' && operation.summary?.toString().startsWith('Readiness'))) continue;
          expect(response.content?.['application/json']?.schema, `${operation.summary} ${status}`).toMatchObject({
            properties: { error: { required: ['code', 'message'] } },
          });
        }
      }
    });

    it('gives every route an example', () => {
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const responses = operation.responses as Record<string, { content?: unknown }>;
          const bodyless = Object.entries(responses).every(([status, response]) => Number(status) >= 300 || !response.content);
          // A preflight has nothing to show: no body either way.
          if (bodyless && !operation.requestBody) continue;
          expect(JSON.stringify(operation), `${method} ${path}`).toMatch(/"examples?":/);
        }
      }
    });

    it('lists every route of the README API table, and the table lists every route', () => {
      const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
      const section = readme.slice(
        readme.indexOf('## API summary'),
        readme.indexOf('\nReal time:', readme.indexOf('## API summary')),
      );
      const inReadme = new Set<string>();
      for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
        let methods: string[] = [];
        let last = '';
        for (const [, code] of row.split(' | ')[0]!.matchAll(/`([^`]+)`/g)) {
          const match = /^((?:[A-Z]+\\?\|?)+) (\S+)$/.exec(code!);
          if (match) methods = match[1]!.split(/\\?\|/);
          const path = match ? match[2]! : code!.startsWith('.') ? last.replace(/\.[a-z]+$/, code!) : code!;
          last = path;
          for (const method of methods) inReadme.add(`${method} ${pathShape(path)}`);
        }
      }
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${pathShape(path)}`),
      );
      expect(new Set(documented)).toEqual(inReadme);
    });
  });

  describe('response schemas', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, strictTuples: false });
    addFormats.default(ajv);

    /** The schema of a response of one media type, from its plain form or its `content`. */
    function schemaOf(schema: unknown, mediaType: string): object | null {
      const content = (schema as { content?: Record<string, { schema: object }> } | undefined)?.content;
      if (content) return content[mediaType]?.schema ?? null;
      return (schema as object | undefined) ?? null;
    }

    /**
     * Sends a request and holds its real answer to its route's response schema: the body must be
     * valid for the schema of its status, and equal to what the handler built (a property the
     * serializer dropped, because the schema misses it, fails here).
     */
    async function answer(options: InjectOptions, status: number) {
      seen.built = undefined;
      seen.schema = undefined;
      const response = await app.inject(options);
      expect(response.statusCode, response.body).toBe(status);
      const type = String(response.headers['content-type'] ?? '');
      if (!type.includes('json') || response.body === '') return response;
      const schema = schemaOf(seen.schema, type.split(';')[0]!);
      expect(schema, `a response schema for ${options.method} ${options.url} ${status}`).not.toBeNull();
      const body: unknown = response.json();
      // A file sent as built is a string the schema describes; the JSON in it is not checked here.
      if ((schema as { type?: string }).type === 'string') return response;
      const validate = ajv.compile({ ...schema, $id: undefined });
      expect(validate(body) ? [] : validate.errors, `${options.method} ${options.url} ${status}`).toEqual([]);
      if (seen.built !== undefined) expect(body).toEqual(seen.built);
      checked.add(`${options.method} ${status}`);
      return response;
    }
    const checked = new Set<string>();
    const admin = (method: InjectOptions['method'], url: string, payload?: object) =>
      ({ method, url, headers: adminHeaders, payload }) as InjectOptions;

    it('holds every JSON answer of a day in the newsroom to its schema', async () => {
      const caravanId = newCaravanId();
      await answer({ method: 'GET', url: '/healthz' }, 200);
      await answer({ method: 'GET', url: '/readyz' }, 200);
      await answer({ method: 'GET', url: '/api/v1/client-config' }, 200);
      await answer({ method: 'GET', url: '/api/v1/openapi.json' }, 200);
      await answer(
        admin('POST', '/api/v1/caravans', {
          id: caravanId,
          name: 'Caravana',
          route: {
            type: 'LineString',
            coordinates: [
              [-92.26, 14.9],
              [-99.1, 19.4],
              [-106.4, 31.7],
            ],
          },
        }),
        201,
      );
      await answer(admin('POST', '/api/v1/caravans', { id: caravanId, name: 'Again' }), 409);
      await answer(admin('PATCH', `/api/v1/caravans/${caravanId}`, { public: { delayMinutes: 0, showNotes: true } }), 200);
      const full = {
        lng: -92.2633,
        lat: 14.9056,
        accuracyM: 12,
        altitudeM: 170,
        speedKmh: 3.5,
        headingDeg: 355,
        headcount: 3000,
        note: 'salimos',
      };
      await answer(
        admin('POST', `/api/v1/caravans/${caravanId}/reports`, { id: 'r-1', recordedAt: '2024-01-12T14:00:00Z', ...full }),
        201,
      );
      await answer(
        admin('POST', `/api/v1/caravans/${caravanId}/reports`, {
          reports: [
            { id: 'r-2', lng: -93.1, lat: 16.2, recordedAt: '2024-01-13T14:00:00Z' },
            { id: 'r-3', lng: -93, lat: 95, recordedAt: 0 },
          ],
        }),
        201,
      );
      await answer(
        admin('POST', `/api/v1/caravans/${caravanId}/reports`, { id: 'r-1', recordedAt: '2024-01-12T14:00:00Z', ...full }),
        200,
      );
      await answer(admin('POST', `/api/v1/caravans/${caravanId}/reports`, { lng: -93, lat: 95, recordedAt: 0 }), 400);
      await answer(admin('POST', `/api/v1/caravans/${caravanId}/reports`, { reports: [], extra: 1 }), 400);
      await answer(admin('GET', `/api/v1/caravans/${caravanId}`), 200);
      await answer(admin('GET', '/api/v1/caravans'), 200);
      await answer(admin('GET', `/api/v1/caravans/${caravanId}/reports?limit=10`), 200);
      await answer(admin('PATCH', `/api/v1/caravans/${caravanId}/reports/r-1`, { hidden: true }), 200);
      await answer(admin('GET', `/api/v1/caravans/${caravanId}/track.geojson`), 200);
      await answer(admin('GET', '/api/v1/caravans/no-such-caravan'), 404);
      await answer({ method: 'GET', url: '/api/v1/caravans' }, 401);
      await answer({ method: 'GET', url: `/api/v1/public/caravans/${caravanId}` }, 200);

      const gpx =
        '<gpx version="1.1" creator="t"><trk><trkseg><trkpt lat="16.5" lon="-93.5"><time>2024-01-14T14:00:00Z</time></trkpt></trkseg></trk></gpx>';
      await answer(
        {
          ...admin('POST', `/api/v1/caravans/${caravanId}/import`),
          payload: gpx,
          headers: { ...adminHeaders, 'content-type': 'application/gpx+xml' },
        },
        201,
      );

      const reporter = (
        await answer(admin('POST', '/api/v1/reporters', { name: 'Marta', caravans: [caravanId] }), 201)
      ).json<AccountCreated>();
      await answer(admin('GET', '/api/v1/reporters'), 200);
      await answer(admin('PATCH', `/api/v1/reporters/${reporter.id}`, { name: 'Marta G.' }), 200);
      await answer(admin('PATCH', `/api/v1/reporters/${reporter.id}`, { currentCaravanId: 'no-such-caravan' }), 400);
      const editor = (
        await answer(admin('POST', '/api/v1/staff', { name: 'Lucía', role: 'editor' }), 201)
      ).json<AccountCreated>();
      await answer(admin('GET', '/api/v1/staff'), 200);
      await answer(admin('PATCH', `/api/v1/staff/${editor.id}`, { revoked: true }), 200);
      await answer({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${reporter.token}` } }, 200);
      await answer(admin('GET', '/api/v1/me'), 200);
      await answer(admin('GET', '/api/v1/reporter-names'), 200);

      const basic = `Basic ${Buffer.from(`${reporter.id}:${reporter.token}`).toString('base64')}`;
      await answer(
        {
          method: 'POST',
          url: '/ingest/owntracks',
          headers: { authorization: basic },
          payload: { _type: 'location', lat: 16.9, lon: -93.9, tst: 1705327200 },
        },
        200,
      );
      await answer({ method: 'POST', url: '/ingest/owntracks', payload: { _type: 'location' } }, 401);
      await answer({ method: 'GET', url: `/ingest/osmand?id=${reporter.deviceId}&lat=17&lon=-94&timestamp=1705413600` }, 200);
      await answer({ method: 'GET', url: `/ingest/osmand?id=${reporter.deviceId}&lat=north&lon=-94&timestamp=1705413600` }, 400);

      expect(checked.size).toBeGreaterThan(10);
    });
  });
});
