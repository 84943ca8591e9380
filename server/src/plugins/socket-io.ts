import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/** Viewers only send small control messages; anything bigger is refused. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * A browser's Origin must be this site or one of the allowed sites; clients that send no Origin
 * (servers, tests, phone apps) are judged by their token alone.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Socket.IO on Fastify's own HTTP server, closed with the app. */
export default fp<{ allowedOrigins: string[] }>(
  async (app, { allowedOrigins }) => {
    const io = new Server(app.server, {
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      serveClient: false,
      allowRequest: (request, callback) => callback(null, originAllowed(request, allowedOrigins)),
    });
    app.decorate('io', io);
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'socket-io' },
);
