import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from '@rumbo/shared';
import { Type } from 'typebox';
import { reporterByDeviceId } from '../accounts/phone-credentials';
import { Unauthorized } from '../domain-errors';
import { acceptFormBodies } from '../ingest/form-body';
import { PHONE_LIMIT_FACTOR } from '../plugins/rate-limit';
import { osmandFields, osmandMessage, osmandRequestDeviceId } from '../ingest/osmand-request';
import { receiveHeartbeat, receivePhoneFix } from '../ingest/phone-answers';
import { emptyResponse, errorResponses, SECURITY } from './responses';

/**
 * The OsmAnd-protocol parameters as the document shows them, in the query or a form body. The
 * schemas have no `type`: the route takes whatever the app sends and the adapter refuses what it
 * cannot read, naming the parameter as the app calls it.
 */
const OSMAND_PARAMETERS = {
  id: { description: 'device id (the credential); `deviceid` is read too', examples: ['k7m2p9x4r8t3w6y5'] },
  lat: {
    description: 'latitude, degrees; no lat, lon or location: a heartbeat (stored as a sign of life, no fix)',
    examples: ['14.9056'],
  },
  lon: { description: 'longitude, degrees', examples: ['-92.2633'] },
  location: { description: '"lat,lon", instead of lat and lon', examples: ['14.9056,-92.2633'] },
  timestamp: {
    description: 'fix time: Unix seconds, epoch milliseconds or ISO 8601; absent: the arrival time (as Traccar does)',
    examples: ['1705068000'],
  },
  speed: { description: 'knots (Traccar Client); m/s when `hdop` is sent (OsmAnd)', examples: ['2.1'] },
  bearing: { description: 'heading, degrees (or `heading`)', examples: ['355'] },
  altitude: { description: 'm', examples: ['170'] },
  accuracy: { description: 'm (or `hdop`, as OsmAnd sends it)', examples: ['12'] },
};
const OsmandQuery = Type.Unsafe<unknown>({ type: 'object', properties: OSMAND_PARAMETERS });
const OsmandBody = {
  content: {
    'application/x-www-form-urlencoded': { schema: { properties: OSMAND_PARAMETERS } },
    'text/plain': { schema: { type: 'string', description: 'form parameters, as some apps label them' } },
    'application/json': {
      schema: {
        description: 'Traccar Client 9: `{ device_id, location: { timestamp, coords: { latitude, longitude, ... } } }`',
        properties: { device_id: { description: 'device id (the credential)' }, location: {} },
        examples: [
          {
            device_id: 'k7m2p9x4r8t3w6y5',
            location: { timestamp: '2024-01-12T14:00:00Z', coords: { latitude: 14.9056, longitude: -92.2633, accuracy: 12 } },
          },
        ],
      },
    },
  },
};

/** One fix is a few hundred bytes; nothing a phone sends here comes near this. */
export const OSMAND_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The OsmAnd protocol as Traccar's server speaks it: Traccar Client (query string up to version
 * 8, JSON from version 9), OsmAnd's online tracking, and any app with a URL template. The device
 * id is the credential: unknown or revoked answers 401, the same as a bad bearer token, and the
 * same for both so a guesser learns nothing. Success is 200 with an empty body; so is a heartbeat
 * (no position), which stores nothing. A fix the reporter's settings keep out for now (no current
 * caravan) is answered 503: every app on this protocol keeps a fix it was not given a 2xx for.
 */
const ingestOsmandRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptFormBodies(app);

  async function storeFix(request: FastifyRequest, reply: FastifyReply) {
    const receivedAt = new Date();
    const deviceId = osmandRequestDeviceId(request.url, request.body);
    if (!deviceId) throw new Unauthorized('missing device id (id=<device id>, as the admin gave it)');
    const account = await reporterByDeviceId(app.accounts, deviceId);
    if (!account) throw new Unauthorized('unknown or revoked device id');
    const message = osmandMessage(osmandFields(request.url, request.body), receivedAt.getTime());
    if (message.kind === 'heartbeat') {
      await receiveHeartbeat(app, account, 'osmand', receivedAt);
      request.log.debug({ reporterId: account.id }, 'osmand heartbeat: phone alive, no fix');
      return reply.code(200).send();
    }
    const stored = await receivePhoneFix(app, request, account, message.fix, 'osmand', receivedAt);
    request.log.debug({ reportId: stored.id, duplicate: stored.duplicate }, 'osmand fix stored');
    return reply.code(200).send();
  }
  const docs = {
    tags: ['phone ingest'],
    security: SECURITY.deviceId,
    querystring: OsmandQuery,
    response: {
      200: emptyResponse('Stored (or a duplicate), or a heartbeat without a position (nothing stored): an empty body.'),
      ...errorResponses(400, 401, 413),
      429: {
        ...ErrorBody,
        description: `Over ${PHONE_LIMIT_FACTOR}× the reporter limit (a runaway, not a phone catching up); the app keeps the fix and retries.`,
      },
      503: {
        ...ErrorBody,
        description:
          'The store is unreachable, or the reporter has several caravans and none is current (`no_current_caravan`): ' +
          'the app keeps the fix and sends it again; `Retry-After` says when.',
      },
    },
  };

  // Two routes, one handler: only the POST has a body for the document to describe.
  app.get(
    '/ingest/osmand',
    { schema: { ...docs, summary: 'OsmAnd / Traccar Client (up to 8): the fix in the query' } },
    storeFix,
  );
  app.post(
    '/ingest/osmand',
    {
      bodyLimit: OSMAND_BODY_LIMIT_BYTES,
      schema: {
        ...docs,
        summary: 'OsmAnd / Traccar Client: the fix in the query, a form body or Traccar 9 JSON',
        body: OsmandBody,
      },
    },
    storeFix,
  );
};
export default ingestOsmandRoutes;
