import { createHash } from 'node:crypto';
// Only its address normalization (an IPv6 client counted by its /64, the prefix one household or phone gets):
// the counting is LeasedRateCounts'.
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccountRecord, AccountStore } from '../accounts/account-store';
import { reporterByDeviceId, reporterByPassword } from '../accounts/phone-credentials';
import type { RateLimitsPerMinute } from '../config';
import { HttpError } from '../errors';
import { basicCredentials } from '../ingest/basic-auth';
import { osmandRequestDeviceId } from '../ingest/osmand-request';
import { isStaff } from '../accounts/caravan-access';
import { ADMIN_ID, bearerToken, type Principal } from './auth';
import { announcedOversize } from './oversize-body';
import { LeasedRateCounts, MemoryWindowCounts, RedisWindowCounts, type RateDecision } from './rate-counts';

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

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether this request has been counted (a field, not a WeakSet: cheaper to collect). */
    rateCounted: boolean;
  }
}

const TIER_WHO: Record<Tier, string> = {
  reporter: 'per reporter credential',
  staff: 'per staff credential',
  anonymous: 'per IP address without a credential',
  phone: 'per phone-app credential',
};

/** The route pattern, or the path when no route matched (a 404). */
const routePath = (request: FastifyRequest) => request.routeOptions.url ?? request.url.split('?')[0]!;

const isLimited = (request: FastifyRequest) => LIMITED_PREFIXES.some((prefix) => routePath(request).startsWith(prefix));

/**
 * OsmAnd sends its device id in the query string; Traccar Client may send it in a form or JSON body,
 * which is parsed only after onRequest: those requests are counted once their body is read.
 */
const countedAfterBody = (request: FastifyRequest) =>
  routePath(request) === OSMAND_PATH && request.method === 'POST' && osmandRequestDeviceId(request.url, undefined) === null;

/** A credential a phone app presents, and how to find the reporter it belongs to. */
interface PhoneCredential {
  /** Which app's credential: a reporter has one of each, and each is counted on its own. */
  app: 'osmand' | 'owntracks';
  reporter(accounts: AccountStore): Promise<AccountRecord | null>;
}

/**
 * The credential a phone app presents, read as its route reads it: the device id for OsmAnd, the
 * whole Basic credential for OwnTracks. Only a credential that checks out is counted under its
 * reporter (a user name with a wrong password is not: it would let anyone who knows the name use
 * up a reporter's requests).
 */
function phoneCredential(request: FastifyRequest): PhoneCredential | null {
  const path = routePath(request);
  if (path === OSMAND_PATH) {
    const deviceId = osmandRequestDeviceId(request.url, request.body);
    return deviceId === null ? null : { app: 'osmand', reporter: (accounts) => reporterByDeviceId(accounts, deviceId) };
  }
  if (path !== OWNTRACKS_PATH) return null;
  const credentials = basicCredentials(request.headers.authorization);
  if (!credentials) return null;
  return {
    app: 'owntracks',
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
 * Requests a minute per caller (ARCHITECTURE.md, HTTP API): counted in this process and, when the
 * app runs on Redis, reconciled through counts there that every instance shares (LeasedRateCounts:
 * a busy caller costs Redis a few commands a second, not one per request). A token or phone
 * credential is resolved on every request, like auth does, so a revoked or made-up one falls back
 * to its IP's anonymous limit at once: random device ids buy no fresh counts. Counts are kept under
 * the account a credential belongs to (an account has one token, one device id), never under the
 * credential itself: anyone who can list the keys must not be able to use them.
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

    /**
     * The admin is no account: its count is kept under its token's hash, so a new ADMIN_TOKEN
     * starts a count of its own. Hashed once per token, not per request.
     */
    let admin = { token: '', key: '' };
    function adminKey(token: string): string {
      if (admin.token !== token)
        admin = { token, key: `staff:${ADMIN_ID}-${createHash('sha256').update(token).digest('base64url')}` };
      return admin.key;
    }

    /** The counter of a request's principal (which may be nobody: then its address's). */
    function principalKey(request: FastifyRequest, principal: Principal | null): string {
      if (principal?.id === ADMIN_ID) return adminKey(bearerToken(request)!);
      if (principal) return `${isStaff(principal) ? 'staff' : 'reporter'}:${principal.id}`;
      return `anonymous:${normalizeIP(request.ip)}`;
    }

    /**
     * The counter a request goes to. A credential that resolves to nobody counts as no credential.
     * Known in this process for a bearer token read in the last seconds, so without a promise.
     */
    function keyFor(request: FastifyRequest): string | Promise<string> {
      const phone = phoneCredential(request);
      if (phone) return phoneKeyFor(request, phone);
      const principal = app.principalOfRequestNow(request);
      return principal instanceof Promise
        ? principal.then((found) => principalKey(request, found))
        : principalKey(request, principal);
    }

    async function phoneKeyFor(request: FastifyRequest, phone: PhoneCredential): Promise<string> {
      const reporter = await phoneReporterOf(request, phone);
      if (reporter) return `phone:${phone.app}:${reporter.id}`;
      return principalKey(request, await app.principalOfRequest(request));
    }

    const counts = new LeasedRateCounts(
      app.redis ? new RedisWindowCounts(app.redis, REDIS_KEY_PREFIX) : new MemoryWindowCounts(),
      WINDOW_MS,
    );

    /** Answers with the decision's headers; throws the refusal. */
    function apply(request: FastifyRequest, reply: FastifyReply, key: string, max: number, decision: RateDecision): void {
      reply.header('x-ratelimit-limit', max);
      reply.header('x-ratelimit-remaining', decision.remaining);
      reply.header('x-ratelimit-reset', decision.resetSeconds);
      if (decision.allowed) return;
      const message = `too many requests: ${max} a minute ${TIER_WHO[tierOf(key)]}; retry in ${decision.resetSeconds} s`;
      throw new HttpError(refusalStatus(request), 'rate_limited', message, undefined, decision.resetSeconds);
    }

    async function enforceLater(request: FastifyRequest, reply: FastifyReply, key: string): Promise<void> {
      const max = limitOf(tierOf(key));
      // Redis down: let requests through; the routes that need the store answer 503 themselves.
      const decision = await counts.take(key, max).catch(() => null);
      if (decision) apply(request, reply, key, max, decision);
    }

    /**
     * Counts a request; throws or rejects with the refusal. Without a promise when the caller and
     * its count are both known in this process (a busy caller's: the common case under load).
     */
    function enforce(request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
      const key = keyFor(request);
      if (typeof key !== 'string') return key.then((found) => enforceLater(request, reply, found));
      const max = limitOf(tierOf(key));
      const decision = counts.takeNow(key, max);
      if (!decision) return enforceLater(request, reply, key);
      apply(request, reply, key, max, decision);
      return undefined;
    }

    // Each request is counted once: as it arrives, or once its body is read when the credential may
    // be in the body. A body that is never read (too large, not parseable) is counted all the same,
    // by what the request shows without it: refusals are no free retries.
    app.decorateRequest('rateCounted', false);
    const countOnce = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.rateCounted || !isLimited(request)) return;
      request.rateCounted = true;
      await enforce(request, reply);
    };
    // Callback style: a hook with nothing to count (most preValidations), or whose count is known
    // in this process, costs no promise.
    const countOnceThen = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      if (request.rateCounted || !isLimited(request)) return done();
      request.rateCounted = true;
      let counting: Promise<void> | undefined;
      try {
        counting = enforce(request, reply);
      } catch (error) {
        return done(error as Error);
      }
      if (counting) counting.then(() => done(), done);
      else done();
    };
    app.addHook('onRequest', (request, reply, done) => {
      if (!countedAfterBody(request) || announcedOversize(app, request)) countOnceThen(request, reply, done);
      else done();
    });
    app.addHook('preValidation', countOnceThen);
    app.addHook('onError', async (request, reply) => {
      await countOnce(request, reply).catch(() => {}); // the answer is decided already; only the count matters
    });
  },
  { name: 'rate-limit', dependencies: ['store', 'auth'] },
);
