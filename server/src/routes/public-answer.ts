import type { PublicSnapshot } from '@rumbo/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicCacheControl } from '../public/public-updates';

/** Whether the request's If-None-Match names this ETag (weak or strong: compression makes it weak on the way). */
const matches = (request: FastifyRequest, etag: string) =>
  (request.headers['if-none-match'] ?? '').split(',').some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`);

/**
 * A public answer as every cache between Rumbo and the reader should keep it: until the next
 * release step of the snapshot it was made from (at most a minute), by ETag, apart per encoding;
 * 304 when the reader has it.
 */
export function sendPublic(
  request: FastifyRequest,
  reply: FastifyReply,
  { body, etag, snapshot, type }: { body: string | Buffer; etag: string; snapshot: PublicSnapshot; type: string },
  now: number,
) {
  reply.header('cache-control', publicCacheControl(snapshot, now)).header('etag', etag).header('vary', 'accept-encoding');
  if (matches(request, etag)) return reply.code(304).send();
  return reply.type(type).send(body);
}

/** The answer to a CORS preflight of a public GET: any site may ask, with If-None-Match, and keep the answer a day. */
export const allowPublicGet = (reply: FastifyReply) =>
  reply
    .code(204)
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET')
    .header('access-control-allow-headers', 'If-None-Match')
    .header('access-control-max-age', '86400')
    .send();

/** A public answer any site may read, its ETag included (for If-None-Match from a page's script). */
export const openToAnySite = (reply: FastifyReply) =>
  reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'ETag');
