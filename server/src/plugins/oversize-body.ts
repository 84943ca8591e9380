import type { IncomingMessage } from 'node:http';
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

/**
 * A body announced larger than the route accepts gets a 413 after the body has been read and
 * discarded: answering early and closing would reset the connection under a client that is
 * still sending, so the client would see a network error instead of the 413.
 */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      const announced = Number(request.headers['content-length']);
      const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576;
      if (!Number.isFinite(announced) || announced <= limit) return;
      await drain(request.raw);
      throw new HttpError(
        413,
        'body_too_large',
        `the request body (${announced} bytes) is larger than this route accepts (${limit} bytes)`,
      );
    });
  },
  { name: 'oversize-body' },
);
