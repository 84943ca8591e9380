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
    /** preHandler: 401 without a valid token, 403 when the role is not one of `roles`. */
    requireRole(...roles: Role[]): preHandlerHookHandler;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** principalOfRequest's lookup of this request's token, once asked (a field, not a WeakMap: cheaper to collect). */
    principalLookup: Promise<Principal | null> | null;
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
    app.decorate('principalForToken', async (token: string): Promise<Principal | null> => {
      // One hash per request serves both the admin check and the lookup (a hex digest is also
      // faster to get from node:crypto than a Buffer one).
      const tokenHash = hashSecret(token);
      if (sameDigest(tokenHash, adminDigest)) return { role: 'admin', id: ADMIN_ID, name: 'Administrator' };
      return principalOf(await app.accounts.byTokenHash(tokenHash));
    });
    app.decorateRequest('principalLookup', null);
    app.decorate('principalOfRequest', (request: FastifyRequest): Promise<Principal | null> => {
      if (!request.principalLookup) {
        const token = bearerToken(request);
        request.principalLookup = token ? app.principalForToken(token) : Promise.resolve(null);
      }
      return request.principalLookup;
    });
    app.decorateRequest('principal', null);
    app.decorate('requireRole', (...roles: Role[]): preHandlerHookHandler => {
      return async (request) => {
        if (!bearerToken(request))
          throw new HttpError(401, 'unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
        const principal = await app.principalOfRequest(request);
        if (!principal) throw new HttpError(401, 'unauthorized', 'invalid or revoked token');
        if (!roles.includes(principal.role))
          throw new HttpError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`);
        request.principal = principal;
      };
    });
  },
  { name: 'auth', dependencies: ['store'] },
);
