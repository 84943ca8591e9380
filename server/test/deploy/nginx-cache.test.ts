import type { PublicSnapshot } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { nextReleaseAt } from '../../src/public/public-updates';
import { MemoryStore } from '../../src/store/memory-store';
import { adminHeaders, createCaravan, HOUR_MS, postReports, testConfig, walk } from '../helper';
import { decoded, rawGet, startLocalNginx, type LocalNginx } from './local-nginx';

/**
 * deploy/nginx.conf's public cache, with the real nginx in front of Rumbo: a crowd of readers
 * costs the origin one request per answer, an answer never outlives its release step, and nothing
 * staff-only is stored.
 */
describe('the public cache of deploy/nginx.conf (the real nginx)', () => {
  let app: App;
  let nginx: LocalNginx | undefined;
  let caravanId: string;
  /** How far Rumbo's clock runs ahead of the real one (the fixes below are then a delay old). */
  let aheadMs = HOUR_MS;

  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), store: new MemoryStore(), now: () => Date.now() + aheadMs });
    const direct = await app.listen({ port: 0, host: '127.0.0.1' });
    caravanId = await createCaravan(app);
    const reports = walk(24, Date.now() - 30 * HOUR_MS, HOUR_MS);
    expect((await postReports(app, caravanId, { reports })).statusCode).toBe(201);
    nginx = await startLocalNginx(Number(new URL(direct).port));
  }, 60_000);

  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
  });

  const via = (path: string, headers: Record<string, string> = {}) => rawGet(`${nginx!.url}${path}`, headers);
  const cacheStatuses = (answers: { headers: Record<string, unknown> }[]) =>
    answers.map((answer) => String(answer.headers['x-cache-status'])).sort();

  it('answers a crowd asking at once with one request to Rumbo per URL and encoding', async () => {
    const snapshotPath = `/api/v1/public/caravans/${caravanId}`;
    const first = JSON.parse(decoded(await rawGet(`${nginx!.url}${snapshotPath}?warm=1`, {}))) as PublicSnapshot;
    const updatesPath = `${snapshotPath}/updates?since=${encodeURIComponent(first.releasedUntil)}`;
    for (const path of [snapshotPath, updatesPath]) {
      const crowd = await Promise.all(
        Array.from({ length: 40 }, (_, reader) =>
          // Browsers spell Accept-Encoding many ways; the cache keeps one entry per encoding Rumbo sends.
          via(path, { 'accept-encoding': reader % 2 ? 'gzip, deflate, br, zstd' : 'br, gzip' }),
        ),
      );
      expect(crowd.every((answer) => answer.status === 200)).toBe(true);
      const statuses = cacheStatuses(crowd);
      expect(
        statuses.filter((status) => status === 'MISS'),
        statuses.join(),
      ).toHaveLength(1);
      expect(new Set(crowd.map((answer) => decoded(answer))).size).toBe(1);
    }
  });

  it('passes Rumbo’s Cache-Control on to browsers and keeps nothing past it', async () => {
    // Rumbo's clock put two seconds before the next release: its answers say max-age=2.
    const path = `/api/v1/public/caravans/${caravanId}`;
    const current = JSON.parse(decoded(await via(`${path}?probe=1`))) as PublicSnapshot;
    aheadMs += nextReleaseAt(current) - (Date.now() + aheadMs) - 2_000;
    const fresh = await via(`${path}?step=1`);
    expect(fresh.headers['cache-control']).toMatch(/^public, max-age=[12], stale-while-revalidate=30, stale-if-error=86400$/);
    expect(fresh.headers['x-cache-status']).toBe('MISS');
    expect((await via(`${path}?step=1`)).headers['x-cache-status']).toBe('HIT');
    // Past the release (for Rumbo's clock and nginx's), the entry is no longer fresh: nginx asks Rumbo again.
    await expect
      .poll(async () => String((await via(`${path}?step=1`)).headers['x-cache-status']), { timeout: 10_000, interval: 500 })
      .toMatch(/^(EXPIRED|STALE|UPDATING|REVALIDATED)$/);
    await expect
      .poll(async () => (JSON.parse(decoded(await via(`${path}?step=1`))) as PublicSnapshot).releasedUntil, {
        timeout: 10_000,
        interval: 500,
      })
      .not.toBe(current.releasedUntil);
  });

  it('stores nothing of the staff API', async () => {
    const reportsPath = `/api/v1/caravans/${caravanId}/reports`;
    const staff = [await via(reportsPath, adminHeaders), await via(reportsPath, adminHeaders)];
    expect(staff.map((answer) => answer.status)).toEqual([200, 200]);
    expect(staff.map((answer) => answer.headers['x-cache-status'])).toEqual([undefined, undefined]);
  });
});
