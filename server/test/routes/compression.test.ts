import { request as httpRequest, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_REPORTS } from '../../src/exports/report-pages';
import { COMPRESS_MIN_BYTES } from '../../src/plugins/compression';
import { watchedStore } from '../exports/watched-store';
import { adminHeaders, createCaravan, HOUR_MS, postReports, stores, walk } from '../helper';
import { useTestApp } from '../use-test-app';

/** The body as the client gets it once decoded by what Content-Encoding names. */
function decoded(response: LightMyRequestResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString();
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString();
  expect(encoding, 'an encoding nobody asked for').toBeUndefined();
  return response.rawPayload.toString();
}

const varies = (response: LightMyRequestResponse) => /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(String(response.headers.vary));

/** An export without the time it was made (GeoJSON `exportedAt`, GPX metadata): two downloads differ only there. */
const withoutExportTime = (file: string) => file.replace(/("exportedAt":"|<metadata><name>[^<]*<\/name><time>)[^"<]+/, '$1');

/** A GET over a real socket: status, headers and the raw bytes as they crossed the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ response: IncomingMessage; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ response, bytes: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * How a download ended: an error status, a 200 cut off before its end, or a 200 that looks
 * complete (the one outcome a failed export must never have).
 */
function downloadOutcome(url: string, headers: Record<string, string>): Promise<'error status' | 'cut off' | 'complete'> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      if (response.statusCode !== 200) resolve('error status');
      response.on('error', () => undefined); // the cut, seen below as an incomplete message
      response.on('close', () => resolve(response.complete ? 'complete' : 'cut off'));
      response.resume();
    })
      .on('error', reject)
      .end();
  });
}

describe.each(stores)('compressed answers on the %s store', (_kind, makeStore) => {
  const watched = watchedStore(makeStore());
  // Two hours ahead: every fix posted now is past the 30-minute delay and its public step.
  const setup = useTestApp(() => watched.store, { listen: true, now: () => Date.now() + 2 * HOUR_MS });
  beforeEach(() => watched.reset());
  let caravanId: string;
  beforeAll(async () => {
    caravanId = await createCaravan(setup.app, { name: 'Caravana compresión' });
    const reports = walk(80, Date.now() - 90 * HOUR_MS).map((report, i) => ({ ...report, note: `Paso ${i} por la carretera` }));
    expect((await postReports(setup.app, caravanId, { reports })).statusCode).toBe(201);
  });
  const get = (url: string, acceptEncoding?: string, headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({
      method: 'GET',
      url,
      headers: { ...headers, ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }) },
    });

  it('answers a report list in brotli or gzip as asked, plain to a client that does not ask, the same JSON each way', async () => {
    const url = `/api/v1/caravans/${caravanId}/reports`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json<{ reports: unknown[] }>().reports).toHaveLength(80);
    expect(varies(plain), 'a shared cache must not hand this plain copy to a brotli client blindly… nor the reverse').toBe(true);

    for (const [acceptEncoding, expected] of [
      ['gzip, deflate, br, zstd', 'br'], // what Chromium sends over HTTPS
      ['gzip, deflate', 'gzip'], // Chromium over plain HTTP, curl --compressed without brotli
      ['br;q=0, gzip', 'gzip'], // brotli refused explicitly
      ['identity', undefined],
      ['deflate', undefined], // only brotli and gzip are offered
    ] as const) {
      const response = await get(url, acceptEncoding);
      expect(response.statusCode, acceptEncoding).toBe(200);
      expect(response.headers['content-encoding'], acceptEncoding).toBe(expected);
      expect(varies(response), acceptEncoding).toBe(true);
      expect(JSON.parse(decoded(response)), acceptEncoding).toEqual(plain.json());
      if (expected) {
        expect(response.rawPayload.length, acceptEncoding).toBeLessThan(plain.rawPayload.length / 4);
      }
    }
  });

  it('leaves answers under the threshold plain, whatever the client accepts', async () => {
    for (const url of ['/healthz', '/api/v1/caravans/nobody-has-this-one']) {
      const response = await get(url, 'gzip, deflate, br');
      expect(response.rawPayload.length, url).toBeLessThan(COMPRESS_MIN_BYTES);
      expect(response.headers['content-encoding'], url).toBeUndefined();
      expect(response.json(), url).toBeTruthy();
    }
  });

  it('streams the GeoJSON, GPX and CSV exports compressed, each decoding to the very file sent plain, its headers kept', async () => {
    for (const format of ['geojson', 'gpx', 'csv']) {
      const url = `/api/v1/caravans/${caravanId}/track.${format}`;
      const plain = await get(url);
      expect(plain.statusCode, format).toBe(200);
      expect(plain.headers['content-encoding'], format).toBeUndefined();
      for (const encoding of ['br', 'gzip']) {
        const response = await get(url, encoding);
        expect(response.headers['content-encoding'], format).toBe(encoding);
        expect(response.headers['content-type'], format).toBe(plain.headers['content-type']);
        expect(response.headers['content-disposition'], format).toBe(plain.headers['content-disposition']);
        expect(varies(response), format).toBe(true);
        expect(withoutExportTime(decoded(response)), `${format} in ${encoding}`).toBe(withoutExportTime(plain.body));
      }
    }
  });

  it('sends an export over a real connection chunked and compressed, decoding to the plain file', async () => {
    const url = `${setup.baseUrl}/api/v1/caravans/${caravanId}/track.geojson`;
    const plain = await rawGet(url, { ...adminHeaders, 'accept-encoding': 'identity' });
    const brotli = await rawGet(url, { ...adminHeaders, 'accept-encoding': 'br' });
    expect(brotli.response.headers['content-encoding']).toBe('br');
    // Streamed as it is written: no length known up front.
    expect(brotli.response.headers['transfer-encoding']).toBe('chunked');
    expect(withoutExportTime(brotliDecompressSync(brotli.bytes).toString())).toBe(withoutExportTime(plain.bytes.toString()));
    expect(brotli.bytes.length).toBeLessThan(plain.bytes.length / 4);
  });

  it('never lets a compressed export that failed midway look complete', async () => {
    const reports = walk(EXPORT_PAGE_REPORTS + 200, Date.now() - 100 * HOUR_MS, 60_000, 'long');
    const longId = await createCaravan(setup.app);
    for (let first = 0; first < reports.length; first += 500)
      expect((await postReports(setup.app, longId, { reports: reports.slice(first, first + 500) })).statusCode).toBe(201);
    for (const format of ['geojson', 'gpx', 'csv']) {
      watched.reset();
      watched.beforeRead(async (call) => {
        if (call === 2) throw new Error('store went away');
      });
      const url = `${setup.baseUrl}/api/v1/caravans/${longId}/track.${format}`;
      // An error status when it failed before the first compressed bytes left, else a cut download.
      expect(await downloadOutcome(url, { ...adminHeaders, 'accept-encoding': 'br' }), format).not.toBe('complete');
      watched.reset();
      expect(await downloadOutcome(url, { ...adminHeaders, 'accept-encoding': 'br' }), `${format}, store back`).toBe('complete');
    }
  });

  it('compresses the public snapshot for any site, with a weak ETag that still answers 304', async () => {
    const url = `/api/v1/public/caravans/${caravanId}`;
    const plain = await get(url, undefined, {});
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length, 'a snapshot worth compressing').toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const brotli = await get(url, 'gzip, deflate, br', {});
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['access-control-allow-origin']).toBe('*');
    expect(brotli.headers['cache-control']).toBe(plain.headers['cache-control']);
    expect(String(brotli.headers.vary).match(/accept-encoding/gi), 'named once').toHaveLength(1);
    expect(decoded(brotli)).toBe(plain.body);
    // Other bytes than the plain copy's, the same meaning: a weak validator for the same tag.
    expect(brotli.headers.etag).toBe(`W/${String(plain.headers.etag)}`);
    const revalidated = await get(url, 'br', { 'if-none-match': String(brotli.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
  });

  it('leaves Socket.IO to itself: a long-polling handshake asking for brotli gets the engine’s own plain answer', async () => {
    const { response, bytes } = await rawGet(`${setup.baseUrl}/socket.io/?EIO=4&transport=polling`, {
      'accept-encoding': 'br, gzip',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    // Engine.IO's open packet: "0" then the handshake JSON.
    expect(bytes.toString()).toMatch(/^0\{"sid":/);
  });
});
