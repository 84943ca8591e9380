import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { testConfig } from '../helper';

/** A Content-Security-Policy header as directive name → its sources. */
function directives(header: unknown): Map<string, string> {
  const entries = String(header ?? '')
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter(([name]) => name)
    .map(([name, ...sources]): [string, string] => [name!, sources.join(' ')]);
  return new Map(entries);
}

const COMPRESS_SCRIPT = fileURLToPath(new URL('../../../client/scripts/compress.mjs', import.meta.url));
/** A script big enough to be worth compressing, like the real bundles. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${JSON.stringify(`caravan ${i}`)};`).join(
  '\n',
);

describe('pages', () => {
  let app: App;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'rumbo-dist-'));
    for (const file of ['index.html', 'report.html', 'embed.html'])
      writeFileSync(join(dist, file), `<!doctype html><title>${file}</title>`);
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'embed-Cax2oBOC.js'), 'export {};');
    writeFileSync(join(dist, 'assets', 'maplibre-D1x2y3z4.js'), BIG_SCRIPT);
    writeFileSync(join(dist, 'report-sw.js'), 'self.addEventListener("fetch", () => {});');
    // The build's own last step, on this dist.
    execFileSync(process.execPath, [COMPRESS_SCRIPT, dist]);
    app = await buildApp({
      config: testConfig({ publicOrigins: ['https://news.example', 'https://diario.example'] }),
      store: new MemoryStore(),
      clientDist: dist,
    });
  });
  afterAll(() => app.close());

  it('names the public snapshot for the browser to fetch with the embed, and only for a caravan id', async () => {
    const embed = await app.inject({ method: 'GET', url: '/embed/caravana-2026' });
    expect(embed.headers.link).toBe('</api/v1/public/caravans/caravana-2026>; rel=preload; as=fetch; crossorigin');
    for (const url of ['/embed/Not%20an%20id', '/embed/a%3E%3Bx', '/', '/report']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers.link, url).toBeUndefined();
    }
  });

  it('lets only the allowed news sites frame the embed, and nobody frame the newsroom or the reporter page', async () => {
    const embed = await app.inject({ method: 'GET', url: '/embed/demo' });
    expect(embed.statusCode).toBe(200);
    expect(embed.body).toContain('embed.html');
    expect(directives(embed.headers['content-security-policy']).get('frame-ancestors')).toBe(
      "'self' https://news.example https://diario.example",
    );
    for (const url of ['/', '/report']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(directives(page.headers['content-security-policy']).get('frame-ancestors')).toBe("'none'");
    }
  });

  it('serves each page only at its own address, never as the raw .html file without its policy', async () => {
    for (const url of ['/index.html', '/report.html', '/embed.html', '/embed/../index.html']) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await app.inject({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.body, `${method} ${url}`).not.toContain('<title>');
      }
    }
  });

  it('runs only our own script files on every page, and sends nosniff and a referrer policy', async () => {
    for (const { url, referrer } of [
      { url: '/', referrer: 'no-referrer' },
      { url: '/report', referrer: 'no-referrer' },
      { url: '/embed/demo', referrer: 'strict-origin-when-cross-origin' },
    ]) {
      const page = await app.inject({ method: 'GET', url });
      const policy = directives(page.headers['content-security-policy']);
      expect(policy.get('script-src'), url).toBe("'self'");
      expect(policy.get('default-src'), url).toBe("'self'");
      expect(policy.get('object-src'), url).toBe("'none'");
      expect(policy.get('base-uri'), url).toBe("'none'");
      expect(policy.get('connect-src'), url).toBe("'self'");
      expect(page.headers['x-content-type-options'], url).toBe('nosniff');
      expect(page.headers['referrer-policy'], url).toBe(referrer);
    }
  });

  it('sends nosniff with every other answer: assets, API JSON, errors', async () => {
    for (const url of ['/assets/embed-Cax2oBOC.js', '/report-sw.js', '/healthz', '/api/v1/caravans', '/no-such-page']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('lets caches keep the embed a minute (a crowd of readers), and hashed assets a year', async () => {
    const embed = await app.inject({ method: 'GET', url: '/embed/demo' });
    expect(embed.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
  });

  it('revalidates the staff pages and the service worker on every use, and lets hashed assets be kept for a year', async () => {
    for (const url of ['/', '/report', '/report-sw.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/embed-Cax2oBOC.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the build-time brotli or gzip copy to browsers that take it, the plain file to others, and says it varies', async () => {
    const url = '/assets/maplibre-D1x2y3z4.js';
    expect(existsSync(join(dist, 'assets', 'maplibre-D1x2y3z4.js.br'))).toBe(true);
    // A tiny file is not worth a copy: it is served as it is, whatever the browser accepts.
    expect(existsSync(join(dist, 'assets', 'embed-Cax2oBOC.js.br'))).toBe(false);

    const brotli = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.rawPayload.length).toBeLessThan(BIG_SCRIPT.length / 3);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(BIG_SCRIPT);

    const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(BIG_SCRIPT);
    expect(gzip.headers.etag).not.toBe(brotli.headers.etag);

    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_SCRIPT);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);

    // The copies are not addresses of their own.
    expect((await app.inject({ method: 'GET', url: `${url}.br` })).statusCode).toBe(404);
    expect(readFileSync(join(dist, 'assets', 'maplibre-D1x2y3z4.js'), 'utf8')).toBe(BIG_SCRIPT);
  });
});

describe('pages with a remote basemap', () => {
  let app: App;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'rumbo-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>index.html</title>');
    app = await buildApp({
      config: testConfig({ basemapStyleUrl: 'http://tiles.lan:8081/style.json' }),
      store: new MemoryStore(),
      clientDist: dist,
    });
  });
  afterAll(() => app.close());

  it("lets the map fetch from the style's origin and https hosts, and still runs only our scripts", async () => {
    const policy = directives((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    expect(policy.get('connect-src')).toBe("'self' http://tiles.lan:8081 https:");
    expect(policy.get('img-src')).toBe("'self' data: blob: http://tiles.lan:8081 https:");
    expect(policy.get('script-src')).toBe("'self'");
  });
});
