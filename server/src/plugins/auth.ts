import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { AccountRecord } from '../accounts/account-store';
import { hashSecret } from '../accounts/secrets';
import { HttpError } from '../errors';

export type Role = 'admin' | 'editor' | 'viewer' | 'reporter';

/** Who is calling: resolved from the bearer token. */
export interface Principal {
  role: Role;
  id: string;
  name: string;
  /** For reporters: the caravans they may post to. Staff may read every caravan. */
  caravans?: string[];
}

/** The principal id of the admin token (ADMIN_TOKEN), which is no account. */
export const ADMIN_ID = 'admin';

export const STAFF_ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

declare module 'fastify' {
  interface FastifyInstance {
    /** The principal a token belongs to, or null. */
    principalForToken(token: string): Promise<Principal | null>;
    /**
     * The principal of a request's bearer token (null without one), looked up once per request:
     * the rate limit and the route's role check both ask.
     */
    principalOfRequest(request: FastifyRequest): Promise<Principal | null>;
    /**
     * principalOfRequest without a promise when none is needed: the principal (or null) when it is
     * known in this process (no token, the admin's, an account read in the last seconds), else the
     * lookup under way. Every authenticated request asks twice (rate limit, role check).
     */
    principalOfRequestNow(request: FastifyRequest): Principal | null | Promise<Principal | null>;
    /** preHandler: 401 without a valid token, 403 when the role is not one of `roles`. */
    requireRole(...roles: Role[]): preHandlerHookHandler;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /**
     * principalOfRequestNow's answer for this request's token, once asked: the principal, null, or
     * the lookup under way (fields, not a WeakMap: cheaper to collect).
     */
    principalLookup: Promise<Principal | null> | null;
    principalKnown: boolean;
    principalFound: Principal | null;
  }
}

export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Whether two hex digests of equal length are the same, in time that does not depend on where
 * they differ (as `timingSafeEqual` does for buffers, without turning both into buffers first:
 * this runs on every request).
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let at = 0; at < a.length; at++) difference |= a.charCodeAt(at) ^ b.charCodeAt(at);
  return difference === 0;
}

/** The principal an account acts as; none once it is revoked. */
export function principalOf(account: AccountRecord | null): Principal | null {
  if (!account || account.revokedAt) return null;
  return { role: account.role, id: account.id, name: account.name, caravans: account.caravans };
}

/**
 * Bearer-token authentication. The admin token comes from the environment (RUMBO_ADMIN_TOKEN);
 * staff and reporter tokens are looked up by their hash on every request, in the accounts this
 * instance keeps (CachedAccountStore), which a change to an account makes every instance forget,
 * so revoking an account stops its tokens at once.
 */
export default fp<{ adminToken: string }>(
  async (app, { adminToken }) => {
    const adminDigest = hashSecret(adminToken);
    const adminPrincipal: Principal = Object.freeze({ role: 'admin', id: ADMIN_ID, name: 'Administrator' });
    /** The principal of a token's hash when known in this process; undefined when it must be read. */
    const knownPrincipal = (tokenHash: string): Principal | null | undefined => {
      if (sameDigest(tokenHash, adminDigest)) return adminPrincipal;
      const account = app.accounts.knownByTokenHash(tokenHash);
      return account && principalOf(account);
    };
    /** The principal of a token's hash: at once when known in this process, else once the account is read. */
    const principalOfHash = (tokenHash: string): Principal | null | Promise<Principal | null> => {
      const principal = knownPrincipal(tokenHash);
      return principal !== undefined ? principal : app.accounts.byTokenHash(tokenHash).then(principalOf);
    };

    // One hash per lookup serves both the admin check and the account's (a hex digest is also
    // faster to get from node:crypto than a Buffer one).
    app.decorate('principalForToken', async (token: string) => principalOfHash(hashSecret(token)));

    app.decorateRequest('principalLookup', null);
    app.decorateRequest('principalKnown', false);
    app.decorateRequest('principalFound', null);
    const known = (request: FastifyRequest, principal: Principal | null): Principal | null => {
      request.principalKnown = true;
      request.principalFound = principal;
      return principal;
    };
    app.decorate('principalOfRequestNow', (request: FastifyRequest): Principal | null | Promise<Principal | null> => {
      if (request.principalKnown) return request.principalFound;
      if (request.principalLookup) return request.principalLookup;
      const token = bearerToken(request);
      if (!token) return known(request, null);
      const found = principalOfHash(hashSecret(token));
      if (!(found instanceof Promise)) return known(request, found);
      request.principalLookup = found.then((principal) => known(request, principal));
      return request.principalLookup;
    });
    app.decorate('principalOfRequest', async (request: FastifyRequest) => app.principalOfRequestNow(request));

    app.decorateRequest('principal', null);
    /** The refusal of a caller who is not `principal` in one of `roles`, or none (then it is the request's principal). */
    const refusal = (request: FastifyRequest, principal: Principal | null, roles: Role[]): HttpError | undefined => {
      if (!principal) {
        return bearerToken(request)
          ? new HttpError(401, 'unauthorized', 'invalid or revoked token')
          : new HttpError(401, 'unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
      }
      if (!roles.includes(principal.role))
        return new HttpError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`);
      request.principal = principal;
      return undefined;
    };
    app.decorate('requireRole', (...roles: Role[]): preHandlerHookHandler => {
      // Callback style: a caller known in this process costs no promise.
      return (request, _reply, done) => {
        const found = app.principalOfRequestNow(request);
        if (found instanceof Promise) found.then((principal) => done(refusal(request, principal, roles)), done);
        else done(refusal(request, found, roles));
      };
    });
  },
  { name: 'auth', dependencies: ['store'] },
);
