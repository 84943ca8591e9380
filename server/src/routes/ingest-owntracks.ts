import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountRecord } from '../accounts/account-store';
import { reporterByPassword } from '../accounts/phone-credentials';
import { HttpError } from '../errors';
import { basicCredentials } from '../ingest/basic-auth';
import { owntracksMessage } from '../ingest/owntracks-message';
import { storePhoneFix } from '../ingest/store-phone-fix';

/** Location messages are small; a contact card (`card`) carries a base64 photo, hence the room. */
export const OWNTRACKS_BODY_LIMIT_BYTES = 256 * 1024;

/** HTTP Basic auth: user is the reporter's account id, password its token. */
async function authenticate(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const credentials = basicCredentials(request.headers.authorization);
  const account: AccountRecord | null = credentials
    ? await reporterByPassword(app.accounts, credentials.user, credentials.password)
    : null;
  if (account) return account;
  reply.header('www-authenticate', 'Basic realm="rumbo"');
  throw new HttpError(
    401,
    'unauthorized',
    credentials ? 'wrong user id or password, or a revoked reporter' : 'missing credentials (user: reporter id, password: token)',
  );
}

/**
 * OwnTracks in HTTP mode. Every message is answered 200 `[]` (an empty list of messages back to
 * the phone), so the app drops it from its queue; only `location` messages are stored.
 */
const ingestOwntracksRoutes: FastifyPluginAsync = async (app) => {
  app.post('/ingest/owntracks', { bodyLimit: OWNTRACKS_BODY_LIMIT_BYTES }, async (request, reply) => {
    const account = await authenticate(app, request, reply);
    const message = owntracksMessage(request.body);
    if (message.fix) {
      const stored = await storePhoneFix(app, account, message.fix, 'owntracks');
      request.log.debug({ reportId: stored.id, duplicate: stored.duplicate }, 'owntracks location stored');
    } else {
      request.log.debug({ type: message.type }, 'owntracks message acknowledged, nothing stored');
    }
    return reply.code(200).send([]);
  });
};
export default ingestOwntracksRoutes;
