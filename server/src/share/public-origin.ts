import type { FastifyRequest } from 'fastify';

/**
 * The origin readers reach Rumbo at, for links that leave the site (social cards, oEmbed):
 * PUBLIC_BASE_URL when set, else the request's own (its Host, and its scheme as a trusted proxy
 * reports it). Set PUBLIC_BASE_URL in production: a Host header is whatever the client sends.
 */
export function publicOrigin(request: FastifyRequest, configured: string | null): string {
  return configured ?? `${request.protocol}://${request.host}`;
}
