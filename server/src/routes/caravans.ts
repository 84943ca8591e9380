import {
  CaravanId,
  CaravanInput,
  CaravanPatch,
  DEFAULT_ORIGIN,
  DEFAULT_PUBLIC,
  type Caravan,
  type CaravanSummary,
} from '@rumbo/shared';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { HttpError, notFound } from '../errors';
import { caravanSummary } from '../services/summary';
import { STAFF_ROLES } from '../plugins/auth';

export const CaravanParams = Type.Object({ caravanId: CaravanId }, { additionalProperties: false });

const newest = (summary: CaravanSummary) => Date.parse(summary.metrics.lastReportAt ?? summary.caravan.createdAt);

/** Caravans: list and read (staff), create (admin). */
const caravanRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/caravans', { preHandler: app.requireRole(...STAFF_ROLES) }, async () => {
    const caravans = await app.store.listCaravans();
    const summaries = await Promise.all(caravans.map((caravan) => caravanSummary(app.store, caravan)));
    // Most recently active first: the dashboard opens the first one by default.
    return { caravans: summaries.sort((a, b) => newest(b) - newest(a)) };
  });

  app.post<{ Body: CaravanInput }>(
    '/api/v1/caravans',
    { preHandler: app.requireRole('admin'), schema: { body: CaravanInput } },
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
      if (!(await app.store.createCaravan(caravan))) throw new HttpError(409, 'conflict', `caravan ${caravan.id} exists already`);
      request.log.info({ caravanId: caravan.id }, 'caravan created');
      return reply.code(201).send(caravan);
    },
  );

  app.patch<{ Params: { caravanId: string }; Body: CaravanPatch }>(
    '/api/v1/caravans/:caravanId',
    { preHandler: app.requireRole('admin'), schema: { params: CaravanParams, body: CaravanPatch } },
    async (request) => {
      const caravan = await app.store.getCaravan(request.params.caravanId);
      if (!caravan) throw notFound(`caravan ${request.params.caravanId}`);
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

  app.get<{ Params: { caravanId: string } }>(
    '/api/v1/caravans/:caravanId',
    { preHandler: app.requireRole(...STAFF_ROLES), schema: { params: CaravanParams } },
    async (request) => {
      const caravan = await app.store.getCaravan(request.params.caravanId);
      if (!caravan) throw notFound(`caravan ${request.params.caravanId}`);
      return caravanSummary(app.store, caravan);
    },
  );
};
export default caravanRoutes;
