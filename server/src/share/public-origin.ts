import type { FastifyRequest } from 'fastify';
import { InvalidInput } from '../domain-errors';

/**
 * The origin readers reach Rumbo at, for links that leave the site (social cards, oEmbed):
 * PUBLIC_BASE_URL when set, else the request's own (its Host, and its scheme as a trusted proxy
 * reports it). Set PUBLIC_BASE_URL in production: a Host header is whatever the client sends.
 */
export function publicOrigin(request: FastifyRequest, configured: string | null): string {
  if (configured) return configured;
  try {
    // Through URL: `localhost:80` is `http://localhost`, as every URL parsed later spells it.
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    throw new InvalidInput('invalid_host', 'Host: not a host name (set PUBLIC_BASE_URL to name this server)', [
      { field: 'Host', rule: 'host', message: 'Host: not a host name' },
    ]);
  }
}
