import { constants } from 'node:zlib';
import fastifyCompress, { type FastifyCompressOptions } from '@fastify/compress';
import type { FastifyReply, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';

/** Below this a compressed answer saves less than its headers cost (and a CPU pass). */
export const COMPRESS_MIN_BYTES = 1_024;

/**
 * Brotli quality for answers made per request. 5 on a 272 KB report list: 16.4 KB in 2.7 ms, against
 * 17.6 KB in 2.5 ms at 4 and 11.9 KB in 390 ms at 11 (the level the build uses for static files,
 * compressed once). gzip at zlib's default level 6: 19.2 KB in 1.4 ms.
 */
export const DYNAMIC_BROTLI_QUALITY = 5;

/**
 * Text we answer with: JSON (+json, GeoJSON), XML (GPX), SVG, CSV and plain text, and the page
 * scripts and styles. (@fastify/compress also takes what mime-db calls compressible.) Event
 * streams never: each event must leave as it is written, not when a compressor's block fills.
 */
const COMPRESSIBLE = /^text\/(?!event-stream)|[+/](?:json|xml)(?:;|$)|javascript|^image\/svg\+xml/u;

/** A route's own options replace the plugin's, all of them: so each route gets all of these. */
type RouteCompressOptions = Pick<
  FastifyCompressOptions,
  'encodings' | 'threshold' | 'customTypes' | 'brotliOptions' | 'zlibOptions'
>;

/** Which encodings, from what size, for which types, at what levels: every route alike. */
const COMPRESSION = {
  encodings: ['br', 'gzip'],
  threshold: COMPRESS_MIN_BYTES,
  customTypes: COMPRESSIBLE,
  brotliOptions: {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY,
    },
  },
} satisfies RouteCompressOptions;

/**
 * For a route that streams a file as it reads the store (the exports): each chunk it writes (a
 * page of reports) leaves compressed at once, instead of waiting in the compressor for a block
 * to fill. The first bytes, and the 200, go out before the rest is read; a store failing later
 * aborts a download already under way, as it does uncompressed.
 */
export const STREAMED_COMPRESSION = {
  ...COMPRESSION,
  brotliOptions: { ...COMPRESSION.brotliOptions, flush: constants.BROTLI_OPERATION_FLUSH },
  zlibOptions: { flush: constants.Z_SYNC_FLUSH },
} satisfies RouteCompressOptions;

const contentTypeOf = (reply: FastifyReply) => String(reply.getHeader('content-type') ?? 'application/json');

/** A strong ETag names exact bytes; a compressed body is other bytes with the same meaning. */
function weakenEtag(reply: FastifyReply): void {
  const etag = reply.getHeader('etag');
  if (typeof etag === 'string' && etag.startsWith('"')) reply.header('etag', `W/${etag}`);
}

/** Appends Accept-Encoding to Vary unless it is named there already (in any case). */
function varyOnAcceptEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const named = Array.isArray(vary) ? vary.join(',') : String(vary ?? '');
  if (/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(named)) return;
  reply.header('vary', named ? `${named}, accept-encoding` : 'accept-encoding');
}

/**
 * After compression: a compressed answer gets a weak ETag; one sent plain that could have been
 * compressed (a stream, or text of the threshold's size) still says that its encoding depends on
 * Accept-Encoding, so a shared cache (nginx, a CDN) keeps the encodings of one URL apart.
 */
const afterCompression: onSendHookHandler = (_request, reply, payload, done) => {
  const encoding = reply.getHeader('content-encoding');
  if (encoding && encoding !== 'identity') weakenEtag(reply);
  else if (payload !== null && payload !== undefined && COMPRESSIBLE.test(contentTypeOf(reply))) {
    const sized = typeof payload === 'string' || Buffer.isBuffer(payload);
    if (!sized || Buffer.byteLength(payload) >= COMPRESS_MIN_BYTES) varyOnAcceptEncoding(reply);
  }
  done(null, payload); // callback style: no promise per answer
};

const toArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Compresses Rumbo's own answers (API JSON, exports, public text and images) with brotli or gzip,
 * as the request's Accept-Encoding asks; never for a client that does not ask. Files the build
 * compressed already (@fastify/static `preCompressed`) carry their Content-Encoding and pass as
 * they are; the few it left without a copy (under 1 KB) are compressed as they are sent.
 * Socket.IO is attached to the bare HTTP server, outside Fastify's routes: its polling transport
 * compresses with its own `httpCompression`, and websocket frames stay uncompressed (README,
 * Performance: what per-message deflate would cost each viewer).
 */
export default fp(
  async (app) => {
    await app.register(fastifyCompress, { ...COMPRESSION, global: true, globalDecompression: false });
    // Registered after @fastify/compress's own onRoute hook: this onSend runs after its compression.
    app.addHook('onRoute', (route) => {
      route.onSend = [...toArray(route.onSend), afterCompression];
    });
  },
  { name: 'compression' },
);
