import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { testConfig } from '../helper';

describe('pages', () => {
  let app: App;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'rumbo-dist-'));
    for (const file of ['index.html', 'report.html', 'embed.html'])
      writeFileSync(join(dist, file), `<!doctype html><title>${file}</title>`);
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'embed-Cax2oBOC.js'), 'export {};');
    writeFileSync(join(dist, 'report-sw.js'), 'self.addEventListener("fetch", () => {});');
    app = await buildApp({
      config: testConfig({ publicOrigins: ['https://news.example', 'https://diario.example'] }),
      store: new MemoryStore(),
      clientDist: dist,
    });
  });
  afterAll(() => app.close());

  it('lets only the allowed news sites frame the embed, and nobody frame the newsroom or the reporter page', async () => {
    const embed = await app.inject({ method: 'GET', url: '/embed/demo' });
    expect(embed.statusCode).toBe(200);
    expect(embed.body).toContain('embed.html');
    expect(embed.headers['content-security-policy']).toBe("frame-ancestors 'self' https://news.example https://diario.example");
    for (const url of ['/', '/report']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    }
  });

  it('revalidates pages and the service worker on every use, and lets hashed assets be kept for a year', async () => {
    for (const url of ['/', '/report', '/embed/demo', '/report-sw.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/embed-Cax2oBOC.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
