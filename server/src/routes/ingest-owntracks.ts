import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from '@rumbo/shared';
import { Type } from 'typebox';
import type { AccountRecord } from '../accounts/account-store';
import { reporterByPassword } from '../accounts/phone-credentials';
import { Unauthorized } from '../domain-errors';
import { basicCredentials } from '../ingest/basic-auth';
import { acceptOwntracksBodies } from '../ingest/owntracks-body';
import { owntracksMessage } from '../ingest/owntracks-message';
import { receivePhoneFix } from '../ingest/phone-answers';
import { errorResponses, SECURITY } from './responses';

/** Location messages are small; a contact card (`card`) carries a base64 photo, hence the room. */
export const OWNTRACKS_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * An OwnTracks JSON message as the document shows it. No `type`: anything JSON passes the route,
 * and the adapter refuses what it cannot read naming the field, in the app's own terms.
 */
const OwnTracksBody = Type.Unsafe<unknown>({
  description:
    'An OwnTracks message. `location` messages are stored; every other `_type` is acknowledged. Unknown fields are ignored.',
  properties: {
    _type: { description: '`location` stores a fix' },
    lat: { description: 'latitude, degrees' },
    lon: { description: 'longitude, degrees' },
    tst: { description: 'fix time, Unix seconds' },
    acc: { description: 'accuracy, m' },
    alt: { description: 'altitude, m' },
    vel: { description: 'speed, km/h' },
    cog: { description: 'heading, degrees' },
  },
  examples: [{ _type: 'location', lat: 14.9056, lon: -92.2633, tst: 1705068000, acc: 12, batt: 80 }],
});

/** HTTP Basic auth: user is the reporter's account id, password its token. */
async function authenticate(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const credentials = basicCredentials(request.headers.authorization);
  const account: AccountRecord | null = credentials
    ? await reporterByPassword(app.accounts, credentials.user, credentials.password)
    : null;
  if (account) return account;
  reply.header('www-authenticate', 'Basic realm="rumbo"');
  throw new Unauthorized(
    credentials ? 'wrong user id or password, or a revoked reporter' : 'missing credentials (user: reporter id, password: token)',
  );
}

/**
 * OwnTracks in HTTP mode. Every message is answered 200 `[]` (an empty list of messages back to
 * the phone), so the app drops it from its queue; only `location` messages are stored, and an
 * empty body (a friend removed) is acknowledged too. OwnTracks for iOS deletes a message answered
 * 4xx (with an alert) and retries only 5xx and network errors, so whatever can succeed later
 * (no current caravan, a rate limit, the store down) is answered 503 with Retry-After.
 */
const ingestOwntracksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptOwntracksBodies(app);
  app.post(
    '/ingest/owntracks',
    {
      bodyLimit: OWNTRACKS_BODY_LIMIT_BYTES,
      schema: {
        tags: ['phone ingest'],
        summary: 'OwnTracks HTTP mode (user: reporter id, password: its token)',
        security: SECURITY.basic,
        body: OwnTracksBody,
        response: {
          200: { type: 'array', maxItems: 0, description: 'Always `[]`: no messages back to the phone.', examples: [[]] },
          ...errorResponses(400, 401, 413),
          503: {
            ...ErrorBody,
            description:
              'Retry later, and the app does (OwnTracks keeps messages answered 5xx, deletes those answered 4xx): the store is ' +
              'unreachable, the reporter is over the phone limit (`rate_limited`), or it has several caravans and none is ' +
              'current (`no_current_caravan`); `Retry-After` says when.',
          },
        },
      },
    },
    async (request, reply) => {
      const receivedAt = new Date();
      const account = await authenticate(app, request, reply);
      if (request.body === undefined) {
        request.log.debug('owntracks empty message (a friend removed) acknowledged');
        return reply.code(200).send([]);
      }
      const message = owntracksMessage(request.body);
      if (message.fix) {
        const stored = await receivePhoneFix(app, request, account, message.fix, 'owntracks', receivedAt);
        request.log.debug({ reportId: stored.id, duplicate: stored.duplicate }, 'owntracks location stored');
      } else {
        request.log.debug({ type: message.type }, 'owntracks message acknowledged, nothing stored');
      }
      return reply.code(200).send([]);
    },
  );
};
export default ingestOwntracksRoutes;
