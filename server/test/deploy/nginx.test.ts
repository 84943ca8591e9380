import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { adminHeaders, createCaravan, postReports, testConfig, walk } from '../helper';
import { decoded, rawGet, startLocalNginx, varies, type LocalNginx } from './local-nginx';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const COMPRESS_SCRIPT = join(root, 'client/scripts/compress.mjs');
/** A script big enough to get build-time copies, like the real bundles. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${JSON.stringify(`caravan ${i}`)};`).join(
  '\n',
);

describe('deploy/nginx.conf in front of Rumbo (the real nginx)', () => {
  let dir: string;
  let app: App;
  let nginx: LocalNginx | undefined;
  let viaNginx: string;
  let direct: string;
  let reportsPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rumbo-nginx-dist-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    for (const file of ['index.html', 'report.html', 'embed.html'])
      writeFileSync(join(dist, file), `<!doctype html><title>${file}</title>`);
    writeFileSync(join(dist, 'assets', 'maplibre-D1x2y3z4.js'), BIG_SCRIPT);
    execFileSync(process.execPath, [COMPRESS_SCRIPT, dist]);

    app = await buildApp({ config: testConfig(), store: new MemoryStore(), clientDist: dist });
    direct = await app.listen({ port: 0, host: '127.0.0.1' });
    const caravanId = await createCaravan(app);
    expect((await postReports(app, caravanId, { reports: walk(40, Date.UTC(2024, 0, 1)) })).statusCode).toBe(201);
    reportsPath = `/api/v1/caravans/${caravanId}/reports`;
    nginx = await startLocalNginx(Number(new URL(direct).port));
    viaNginx = nginx.url;
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes Rumbo’s brotli JSON through untouched, with Vary, decoding to the plain answer', async () => {
    const plain = await rawGet(`${viaNginx}${reportsPath}`, adminHeaders);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding'], 'compressed for a client that did not ask').toBeUndefined();
    const brotli = await rawGet(`${viaNginx}${reportsPath}`, { ...adminHeaders, 'accept-encoding': 'br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(varies(brotli)).toBe(true);
    expect(JSON.parse(decoded(brotli))).toEqual(JSON.parse(plain.bytes.toString()));
    expect(brotli.bytes.length).toBeLessThan(plain.bytes.length / 4);
  });

  it('answers gzip to a gzip-only client, once: what Rumbo compressed is not compressed again', async () => {
    const gzip = await rawGet(`${viaNginx}${reportsPath}`, { ...adminHeaders, 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(varies(gzip)).toBe(true);
    expect(JSON.parse(decoded(gzip))).toHaveProperty('reports');
  });

  it('gzips JSON that a replica sent plain', async () => {
    // `x-no-compression` makes Rumbo answer plain (@fastify/compress's switch): as a replica with
    // compression off would. Straight from Rumbo it stays plain; through nginx it arrives gzipped.
    const headers = { ...adminHeaders, 'accept-encoding': 'gzip', 'x-no-compression': '1' };
    const fromRumbo = await rawGet(`${direct}${reportsPath}`, headers);
    expect(fromRumbo.headers['content-encoding']).toBeUndefined();
    const throughNginx = await rawGet(`${viaNginx}${reportsPath}`, headers);
    expect(throughNginx.headers['content-encoding']).toBe('gzip');
    expect(varies(throughNginx)).toBe(true);
    expect(decoded(throughNginx)).toBe(fromRumbo.bytes.toString());
  });

  it('sends the build’s brotli copy of a static asset when asked br, byte for byte', async () => {
    const url = `${viaNginx}/assets/maplibre-D1x2y3z4.js`;
    const brotli = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(varies(brotli)).toBe(true);
    expect(brotli.bytes.equals(readFileSync(join(dir, 'dist', 'assets', 'maplibre-D1x2y3z4.js.br')))).toBe(true);
    expect(decoded(brotli)).toBe(BIG_SCRIPT);
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString()).toBe(BIG_SCRIPT);
  });
});
