import fp from 'fastify-plugin';

/**
 * Headers every answer carries, whatever route or error produced it. `nosniff`: a browser takes
 * each answer as the type we name (JSON stays data, a note in it never becomes a page or a
 * script). The pages add their own Content-Security-Policy and Referrer-Policy (routes/pages.ts).
 */
export default fp(
  async (app) => {
    // Callback style: it runs on every answer, and an async hook costs a promise each time.
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('x-content-type-options', 'nosniff');
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
