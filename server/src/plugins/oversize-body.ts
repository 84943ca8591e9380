import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../errors';

/** Past this we stop reading and let the connection close: nobody needs to send us more. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

function drain(stream: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > MAX_DRAIN_BYTES) stream.destroy();
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', resolve);
  });
}

/** The body size a request announces and its route's limit, when the first is over the second; else null. */
export function announcedOversize(app: FastifyInstance, request: FastifyRequest): { announced: number; limit: number } | null {
  const announced = Number(request.headers['content-length']);
  const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576;
  return Number.isFinite(announced) && announced > limit ? { announced, limit } : null;
}

/**
 * A body announced larger than the route accepts gets a 413 after the body has been read and
 * discarded: answering early and closing would reset the connection under a client that is
 * still sending, so the client would see a network error instead of the 413. The rate limit
 * counts the request first (it depends on that plugin so that its hook runs before this one):
 * refused bodies cost us reading them, so they are no free retries.
 */
export default fp(
  async (app) => {
    // Callback style: the common case (no oversize) costs no promise.
    app.addHook('onRequest', (request, _reply, done) => {
      const oversize = announcedOversize(app, request);
      if (!oversize) return done();
      const refusal = new HttpError(
        413,
        'body_too_large',
        `the request body (${oversize.announced} bytes) is larger than this route accepts (${oversize.limit} bytes)`,
      );
      void drain(request.raw).then(() => done(refusal));
    });
  },
  { name: 'oversize-body', dependencies: ['rate-limit'] },
);
