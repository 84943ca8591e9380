import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { reporterByDeviceId } from '../accounts/phone-credentials';
import { HttpError } from '../errors';
import { acceptFormBodies } from '../ingest/form-body';
import { osmandDeviceId, osmandFix } from '../ingest/osmand-params';
import { storePhoneFix } from '../ingest/store-phone-fix';
import { traccarJsonDeviceId, traccarJsonFix } from '../ingest/traccar-json';

/** One fix is a few hundred bytes; nothing a phone sends here comes near this. */
export const OSMAND_BODY_LIMIT_BYTES = 16 * 1024;

/** A body of form parameters: from the form parser, or text/plain (Fastify's own parser) read the same way. */
function formParams(body: unknown): URLSearchParams | null {
  if (body instanceof URLSearchParams) return body;
  return typeof body === 'string' ? new URLSearchParams(body) : null;
}

/**
 * Where the fix is: a JSON object body is Traccar Client 9; otherwise OsmAnd-protocol parameters
 * from the query string, or from the body when the query has none (as Traccar's server reads them).
 */
function readFix(request: FastifyRequest) {
  const form = formParams(request.body);
  if (request.body !== undefined && !form) {
    return { deviceId: traccarJsonDeviceId(request.body), fix: () => traccarJsonFix(request.body) };
  }
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  const params = query.size === 0 && form ? form : query;
  return { deviceId: osmandDeviceId(params), fix: () => osmandFix(params) };
}

/**
 * The OsmAnd protocol as Traccar's server speaks it: Traccar Client (query string up to version
 * 8, JSON from version 9), OsmAnd's online tracking, and any app with a URL template. The device
 * id is the credential: unknown or revoked answers 401, the same as a bad bearer token, and the
 * same for both so a guesser learns nothing. Success is 200 with an empty body.
 */
const ingestOsmandRoutes: FastifyPluginAsync = async (app) => {
  acceptFormBodies(app);

  app.route({
    method: ['GET', 'POST'],
    url: '/ingest/osmand',
    bodyLimit: OSMAND_BODY_LIMIT_BYTES,
    handler: async (request, reply) => {
      const { deviceId, fix } = readFix(request);
      if (!deviceId) throw new HttpError(401, 'unauthorized', 'missing device id (id=<device id>, as the admin gave it)');
      const account = await reporterByDeviceId(app.accounts, deviceId);
      if (!account) throw new HttpError(401, 'unauthorized', 'unknown or revoked device id');
      const stored = await storePhoneFix(app, account, fix(), 'osmand');
      request.log.debug({ reportId: stored.id, duplicate: stored.duplicate }, 'osmand fix stored');
      return reply.code(200).send();
    },
  });
};
export default ingestOsmandRoutes;
