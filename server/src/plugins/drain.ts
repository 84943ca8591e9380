import fp from 'fastify-plugin';

/**
 * Graceful shutdown, for HTTP: Fastify's close lets requests in flight finish, and Node closes the
 * connections idle at that moment. A connection whose request was in flight would then stay open
 * (keep-alive) and hold the close until its keep-alive timeout; so once closing, every answer
 * says `Connection: close`, and the client opens its next connection elsewhere.
 */
export default fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    // Callback style, as the other onSend hooks on every answer: no promise per request.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'drain' },
);
