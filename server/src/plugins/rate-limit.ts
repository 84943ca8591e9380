import { createHash } from 'node:crypto';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccountRecord, AccountStore } from '../accounts/account-store';
import { reporterByDeviceId, reporterByPassword } from '../accounts/phone-credentials';
import type { RateLimitsPerMinute } from '../config';
import { HttpError } from '../errors';
import { basicCredentials } from '../ingest/basic-auth';
import { osmandRequestDeviceId } from '../ingest/osmand-request';
import { isStaff } from '../accounts/caravan-access';
import { bearerToken } from './auth';
import { announcedOversize } from './oversize-body';

/** Only the API and the phone ingest are counted: health checks, metrics, pages and assets are not. */
const LIMITED_PREFIXES = ['/api/', '/ingest/'] as const;
const OSMAND_PATH = '/ingest/osmand';
const OWNTRACKS_PATH = '/ingest/owntracks';
const WINDOW_MS = 60_000;
/** Counters live next to the tracks in Redis, expiring with their window. */
const REDIS_KEY_PREFIX = 'rumbo:rate-limit:';

/**
 * Phone apps get this many times the reporter limit. A phone sends one request at a time and
 * waits for each answer, so it cannot flood; every request carries a real fix; and a backlog after
 * a day without signal must flush at network speed. Some apps drop what they are refused
 * (OwnTracks for iOS deletes on any 4xx, Traccar Client for iOS on any answer at all), so the
 * ceiling is there for runaways and leaked credentials only, never for a phone catching up.
 */
export const PHONE_LIMIT_FACTOR = 10;

type Tier = keyof RateLimitsPerMinute | 'phone';

const TIER_WHO: Record<Tier, string> = {
  reporter: 'per reporter credential',
  staff: 'per staff credential',
  anonymous: 'per IP address without a credential',
  phone: 'per phone-app credential',
};

/** The route pattern, or the path when no route matched (a 404). */
const routePath = (request: FastifyRequest) => request.routeOptions.url ?? request.url.split('?')[0]!;

const isLimited = (request: FastifyRequest) => LIMITED_PREFIXES.some((prefix) => routePath(request).startsWith(prefix));

/** Credentials become part of Redis keys only hashed: anyone who can list the keys must not be able to use them. */
const hashed = (credential: string) => createHash('sha256').update(credential).digest('base64url');

/**
 * OsmAnd sends its device id in the query string; Traccar Client may send it in a form or JSON body,
 * which is parsed only after onRequest: those requests are counted once their body is read.
 */
const countedAfterBody = (request: FastifyRequest) =>
  routePath(request) === OSMAND_PATH && request.method === 'POST' && osmandRequestDeviceId(request.url, undefined) === null;

/** A credential a phone app presents, and how to find the reporter it belongs to. */
interface PhoneCredential {
  /** What the counter is keyed on (hashed). */
  secret: string;
  reporter(accounts: AccountStore): Promise<AccountRecord | null>;
}

/**
 * The credential a phone app presents, read as its route reads it: the device id for OsmAnd, the
 * whole Basic credential for OwnTracks (keying on the user name alone would let anyone who knows it
 * use up a reporter's requests).
 */
function phoneCredential(request: FastifyRequest): PhoneCredential | null {
  const path = routePath(request);
  if (path === OSMAND_PATH) {
    const deviceId = osmandRequestDeviceId(request.url, request.body);
    return deviceId === null ? null : { secret: deviceId, reporter: (accounts) => reporterByDeviceId(accounts, deviceId) };
  }
  if (path !== OWNTRACKS_PATH) return null;
  const credentials = basicCredentials(request.headers.authorization);
  if (!credentials) return null;
  return {
    secret: `${credentials.user}:${credentials.password}`,
    reporter: (accounts) => reporterByPassword(accounts, credentials.user, credentials.password),
  };
}

/**
 * 429, except to OwnTracks: OwnTracks for iOS deletes a message answered 4xx and keeps one answered
 * 5xx, so it hears 503 (with the same Retry-After) and sends the fix again.
 */
const refusalStatus = (request: FastifyRequest) => (routePath(request) === OWNTRACKS_PATH ? 503 : 429);

/** `${tier}:${who}` — the tier leads so the limit can be read back from the key. */
const tierOf = (key: string) => key.slice(0, key.indexOf(':')) as Tier;

export interface RateLimitOptions {
  limitsPerMinute: RateLimitsPerMinute;
}

/**
 * Requests a minute per caller (ARCHITECTURE.md, HTTP API): counted in Redis when the app runs on
 * Redis, so every instance shares one count, else in this process's memory. A token or phone
 * credential is resolved on every request, like auth does, so a revoked or made-up one falls back
 * to its IP's anonymous limit at once: random device ids buy no fresh counts.
 */
export default fp<RateLimitOptions>(
  async (app, { limitsPerMinute }) => {
    const limitOf = (tier: Tier) => (tier === 'phone' ? limitsPerMinute.reporter * PHONE_LIMIT_FACTOR : limitsPerMinute[tier]);
    const phoneReporters = new WeakMap<FastifyRequest, Promise<AccountRecord | null>>();
    /** The reporter of a request's phone credential, looked up once per request. */
    function phoneReporterOf(request: FastifyRequest, credential: PhoneCredential): Promise<AccountRecord | null> {
      let reporter = phoneReporters.get(request);
      if (!reporter) {
        reporter = credential.reporter(app.accounts);
        phoneReporters.set(request, reporter);
      }
      return reporter;
    }

    /** The counter a request goes to. A credential that resolves to nobody counts as no credential. */
    async function keyFor(request: FastifyRequest): Promise<string> {
      const phone = phoneCredential(request);
      if (phone && (await phoneReporterOf(request, phone))) return `phone:${hashed(phone.secret)}`;
      const token = bearerToken(request);
      const principal = await app.principalOfRequest(request);
      if (token && principal) return `${isStaff(principal) ? 'staff' : 'reporter'}:${hashed(token)}`;
      return `anonymous:${normalizeIP(request.ip)}`;
    }

    await app.register(fastifyRateLimit, {
      global: false,
      timeWindow: WINDOW_MS,
      keyGenerator: keyFor,
      max: (_request, key) => limitOf(tierOf(key)),
      ...(app.redis ? { redis: app.redis, nameSpace: REDIS_KEY_PREFIX } : {}),
      // Redis down: let requests through; the routes that need the store answer 503 themselves.
      skipOnError: true,
    });
    const count = app.createRateLimit();

    async function enforce(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const result = await count(request);
      if (result.isAllowed) return;
      const resetSeconds = Math.max(1, result.ttlInSeconds);
      reply.header('x-ratelimit-limit', result.max);
      reply.header('x-ratelimit-remaining', result.remaining);
      reply.header('x-ratelimit-reset', resetSeconds);
      if (!result.isExceeded) return;
      const message = `too many requests: ${result.max} a minute ${TIER_WHO[tierOf(result.key)]}; retry in ${resetSeconds} s`;
      throw new HttpError(refusalStatus(request), 'rate_limited', message, undefined, resetSeconds);
    }

    // Each request is counted once: as it arrives, or once its body is read when the credential may
    // be in the body. A body that is never read (too large, not parseable) is counted all the same,
    // by what the request shows without it: refusals are no free retries.
    const counted = new WeakSet<FastifyRequest>();
    const countOnce = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isLimited(request) || counted.has(request)) return;
      counted.add(request);
      await enforce(request, reply);
    };
    app.addHook('onRequest', async (request, reply) => {
      if (!countedAfterBody(request) || announcedOversize(app, request)) await countOnce(request, reply);
    });
    app.addHook('preValidation', countOnce);
    app.addHook('onError', async (request, reply) => {
      await countOnce(request, reply).catch(() => {}); // the answer is decided already; only the count matters
    });
  },
  { name: 'rate-limit', dependencies: ['store', 'auth'] },
);
