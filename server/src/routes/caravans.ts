import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Caravan,
  CaravanInput,
  CaravanList,
  CaravanParams,
  CaravanPatch,
  CaravanSummary,
  DEFAULT_ORIGIN,
  DEFAULT_PUBLIC,
} from '@rumbo/shared';
import { Conflict, NotFound } from '../domain-errors';
import { STAFF_ROLES } from '../plugins/auth';
import { caravanSummary } from '../services/summary';
import { exampleCaravan, exampleSummary } from './examples';
import { errorResponses, SECURITY, withExample } from './responses';

const newest = (summary: CaravanSummary) => Date.parse(summary.metrics.lastReportAt ?? summary.caravan.createdAt);

/** Caravans: list and read (staff), create and change (admin). */
const caravanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/caravans',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags: ['caravans'],
        summary: 'Every caravan, most recently active first',
        security: SECURITY.bearer,
        response: { 200: withExample(CaravanList, { caravans: [exampleSummary] }), ...errorResponses(401, 403) },
      },
    },
    async () => {
      const caravans = await app.store.listCaravans();
      const summaries = await Promise.all(caravans.map((caravan) => caravanSummary(app.store, caravan)));
      // Most recently active first: the dashboard opens the first one by default.
      return { caravans: summaries.sort((a, b) => newest(b) - newest(a)) };
    },
  );

  app.post(
    '/api/v1/caravans',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['caravans'],
        summary: 'Create a caravan',
        security: SECURITY.bearer,
        body: withExample(CaravanInput, { id: exampleCaravan.id, name: exampleCaravan.name }),
        response: { 201: withExample(Caravan, exampleCaravan), ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const caravan: Caravan = {
        id: input.id,
        name: input.name,
        status: 'active',
        origin: input.origin ?? { ...DEFAULT_ORIGIN },
        ...(input.route ? { route: input.route } : {}),
        public: { ...DEFAULT_PUBLIC, ...input.public },
        createdAt: new Date().toISOString(),
      };
      if (!(await app.store.createCaravan(caravan))) throw new Conflict('conflict', `caravan ${caravan.id} exists already`);
      request.log.info({ caravanId: caravan.id }, 'caravan created');
      return reply.code(201).send(caravan);
    },
  );

  app.patch(
    '/api/v1/caravans/:caravanId',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['caravans'],
        summary: 'Change name, status, planned route or public settings',
        security: SECURITY.bearer,
        params: CaravanParams,
        body: withExample(CaravanPatch, { public: { delayMinutes: 60 } }),
        response: { 200: withExample(Caravan, exampleCaravan), ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      // A change starts from the stored caravan, not a cached copy another instance may have changed.
      const caravan = await app.store.getCaravan(request.params.caravanId);
      if (!caravan) throw new NotFound(`caravan ${request.params.caravanId}`);
      const { route, public: publicSettings, ...rest } = request.body;
      const { route: _oldRoute, ...kept } = caravan;
      const updated: Caravan = {
        ...kept,
        ...rest,
        ...(route === null ? {} : { route: route ?? caravan.route }),
        public: { ...caravan.public, ...publicSettings },
      };
      if (updated.route === undefined) delete updated.route;
      await app.store.updateCaravan(updated);
      request.log.info({ caravanId: caravan.id, changed: Object.keys(request.body) }, 'caravan updated');
      await app.changes.publish('caravan:changed', { caravan: updated });
      return updated;
    },
  );

  app.get(
    '/api/v1/caravans/:caravanId',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags: ['caravans'],
        summary: 'One caravan with its latest report and metrics',
        security: SECURITY.bearer,
        params: CaravanParams,
        response: { 200: withExample(CaravanSummary, exampleSummary), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const caravan = await app.caravans.get(request.params.caravanId);
      if (!caravan) throw new NotFound(`caravan ${request.params.caravanId}`);
      return caravanSummary(app.store, caravan);
    },
  );
};
export default caravanRoutes;
