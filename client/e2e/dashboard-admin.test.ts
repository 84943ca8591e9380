import type { AccountCreated } from '@rumbo/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  call,
  createCaravan,
  createStaff,
  demoReportsEndingNow,
  listTotal,
  openDashboard,
  postReports,
  uniqueId,
  BROWSER_TEST_TIMEOUT_MS,
  startDashboardServer,
} from './dashboard-helpers';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

/** Opens the admin dialog at one of its sections. */
async function openSection(page: Page, section: string): Promise<string> {
  if (!(await page.isVisible('dialog[data-dialog="admin"]'))) await page.click('[data-action="open-admin"]');
  const selector = `dialog[data-dialog="admin"] details[data-section="${section}"]`;
  if (!(await page.$eval(selector, (details) => (details as HTMLDetailsElement).open))) await page.click(`${selector} > summary`);
  return selector;
}

/** The value of a shown secret by its label. */
const secret = (page: Page, label: string) => page.inputValue(`.credentials input[aria-label="${label}"]`);

describe('admin tools', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('creates a reporter and shows its token, device id and phone settings once', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con reporteros', 'admin');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    const section = await openSection(page, 'reporter-create');
    await page.fill(`${section} input[name="name"]`, 'Ana (Huixtla)');
    // The open caravan is chosen already.
    expect(
      await page.$eval(`${section} select[name="caravans"]`, (select) =>
        [...(select as HTMLSelectElement).selectedOptions].map((o) => o.value),
      ),
    ).toEqual([caravanId]);
    await page.click(`${section} button[type="submit"]`);
    await page.waitForSelector(`${section} .credentials`);
    expect(await page.textContent(`${section} .credentials__warning`)).toMatch(/^Shown only once\./);

    const token = await secret(page, 'Token');
    const deviceId = await secret(page, 'Device id');
    const accountId = await secret(page, 'Account id');
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(deviceId).toMatch(/^[A-Za-z0-9]{8,}$/);
    expect(accountId).toMatch(/^rep-/);
    expect(await secret(page, 'Link')).toBe(`${suite.baseUrl}/report#token=${token}`);
    expect(await secret(page, 'Server URL')).toBe(`${suite.baseUrl}/ingest/osmand`);
    expect(await secret(page, 'Device identifier')).toBe(deviceId);
    expect(await secret(page, 'Web address')).toBe(
      `${suite.baseUrl}/ingest/osmand?id=${deviceId}&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}&bearing={6}`,
    );
    expect(await secret(page, 'Mode')).toBe('HTTP');
    expect(await secret(page, 'URL')).toBe(`${suite.baseUrl}/ingest/owntracks`);
    expect(await secret(page, 'Username')).toBe(accountId);
    expect(await secret(page, 'Password')).toBe(token);

    // The settings work: the OsmAnd URL posts a fix, and the list names its reporter.
    const osmand = await fetch(
      `${suite.baseUrl}/ingest/osmand?id=${deviceId}&lat=14.9056&lon=-92.2633&timestamp=${Math.floor(Date.now() / 1000)}`,
    );
    expect(osmand.status).toBe(200);
    await listTotal(page, 1);
    await page.click('dialog[data-dialog="admin"] [data-action="close"]');
    expect(await page.textContent('[data-field="report-list"] .report__who')).toBe('Ana (Huixtla)');

    // Once saved, the secrets leave the page and the server never shows them again.
    await page.click('[data-action="open-admin"]');
    await page.click(`${section} [data-action="credentials-saved"]`);
    expect(await page.$(`${section} .credentials`)).toBeNull();
    expect(await page.evaluate((value) => document.documentElement.outerHTML.includes(value), token)).toBe(false);
    const listed = await call<unknown>(suite.baseUrl, 'GET', '/api/v1/reporters');
    expect(JSON.stringify(listed.json)).not.toContain(token);
    expect(JSON.stringify(listed.json)).not.toContain(deviceId);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the caravan’s reporters with what their phones last showed: alive without a fix, held, last fix', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con teléfonos', 'admin');
    const otherId = await createCaravan(suite.baseUrl, 'Otra caravana', 'admin');
    const reporter = async (name: string, caravans: string[]) =>
      (await call<AccountCreated>(suite.baseUrl, 'POST', '/api/v1/reporters', { name, caravans })).json;
    const alive = await reporter('Ana (heartbeat)', [caravanId]);
    const held = await reporter('Luis (two caravans)', [caravanId, otherId]);
    const fixed = await reporter('Eva (fix)', [caravanId]);
    await reporter('Somewhere else', [otherId]);
    const now = Math.floor(Date.now() / 1000);
    // Traccar Client 10's heartbeat: a form POST with no lat or lon.
    const heartbeat = await fetch(`${suite.baseUrl}/ingest/osmand`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${alive.deviceId}&timestamp=${now}&batt=54&charge=false`,
    });
    expect(heartbeat.status).toBe(200);
    const holding = await fetch(`${suite.baseUrl}/ingest/osmand?id=${held.deviceId}&lat=14.9&lon=-92.26&timestamp=${now}`);
    expect(holding.status).toBe(503);
    const fix = await fetch(`${suite.baseUrl}/ingest/osmand?id=${fixed.deviceId}&lat=14.9&lon=-92.26&timestamp=${now}`);
    expect(fix.status).toBe(200);

    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    const section = await openSection(page, 'reporter-list');
    await page.waitForSelector(`${section} [data-reporter="${fixed.id}"]`);
    const rows = await page.$$eval(`${section} [data-reporter]`, (items) =>
      items.map((item) => [item.getAttribute('data-phone'), item.textContent?.replace(/[\u2066-\u2069]/g, '')]),
    );
    expect(rows).toEqual([
      ['alive-no-fix', 'Ana (heartbeat) phone alive, no fix (just now)'],
      ['no-current-caravan', 'Luis (two caravans) phone fixes held: mark one of its caravans current'],
      ['last-fix', 'Eva (fix) last phone fix just now'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('creates a viewer account whose dashboard has no Hide buttons and no admin tools', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana para mirar', 'admin');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(5));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    const section = await openSection(page, 'staff-create');
    await page.fill(`${section} input[name="name"]`, 'Mesa de noche');
    await page.selectOption(`${section} select[name="role"]`, 'viewer');
    await page.click(`${section} button[type="submit"]`);
    await page.waitForSelector(`${section} .credentials`);
    const token = await secret(page, 'Token');
    expect(await secret(page, 'Dashboard (sign in with the token)')).toBe(`${suite.baseUrl}/`);
    const me = await call<{ role: string; name: string }>(suite.baseUrl, 'GET', '/api/v1/me', undefined, token);
    expect(me.json).toMatchObject({ role: 'viewer', name: 'Mesa de noche' });

    const viewer = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, token);
    await listTotal(viewer.page, 5);
    expect(await viewer.page.$$('[data-field="report-list"] button[data-action="hide"]')).toHaveLength(0);
    expect(await viewer.page.$('[data-action="open-admin"]')).toBeNull();
    // Viewers still export.
    expect(await viewer.page.isEnabled('[data-export="csv"]')).toBe(true);
    expect([...errors, ...viewer.errors]).toEqual([]);
    await viewer.page.close();
    await page.close();
  });

  it('creates a caravan, switches to it, and shows the API’s error for a taken id', async () => {
    const existing = await createCaravan(suite.baseUrl, 'Caravana existente', 'admin');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${existing}`);
    const newId = uniqueId('nueva');
    const section = await openSection(page, 'caravan-create');
    await page.fill(`${section} input[name="id"]`, newId);
    await page.fill(`${section} input[name="name"]`, 'Caravana de marzo');
    await page.click(`${section} button[type="submit"]`);
    await expect
      .poll(() => page.textContent(`${section} [data-field="form-done"]`))
      .toBe('Created Caravana de marzo; it is open now.');
    await page.waitForURL((url) => url.searchParams.get('caravan') === newId);
    expect(await page.inputValue('[data-field="caravan-select"]')).toBe(newId);
    expect(await page.$$eval('[data-field="caravan-select"] option', (options) => options.length)).toBeGreaterThanOrEqual(2);

    await page.fill(`${section} input[name="id"]`, existing);
    await page.fill(`${section} input[name="name"]`, 'Otra vez');
    await page.click(`${section} button[type="submit"]`);
    await expect
      .poll(() => page.textContent(`${section} [data-field="form-error"]`))
      .toBe(`Not saved. caravan ${existing} exists already`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('edits the open caravan’s name, status and public settings', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana por editar', 'admin');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    const section = await openSection(page, 'caravan-settings');
    expect(await page.inputValue(`${section} input[name="delayMinutes"]`)).toBe('30');
    await page.fill(`${section} input[name="name"]`, 'Caravana editada');
    await page.fill(`${section} input[name="delayMinutes"]`, '90');
    await page.fill(`${section} input[name="precisionKm"]`, '5');
    await page.check(`${section} input[name="showNotes"]`);
    await page.selectOption(`${section} select[name="status"]`, 'archived');
    await page.click(`${section} button[type="submit"]`);
    await expect.poll(() => page.textContent(`${section} [data-field="form-done"]`)).toBe('Saved.');
    const { json } = await call<{ caravan: { name: string; status: string; public: object } }>(
      suite.baseUrl,
      'GET',
      `/api/v1/caravans/${caravanId}`,
    );
    expect(json.caravan).toMatchObject({
      name: 'Caravana editada',
      status: 'archived',
      public: { delayMinutes: 90, precisionKm: 5, showNotes: true },
    });
    await expect.poll(() => page.textContent('[data-field="caravan-name"]')).toBe('Caravana editada');
    expect(
      await page.$eval('[data-field="caravan-select"]', (select) => (select as HTMLSelectElement).selectedOptions[0]!.text),
      // The name isolated (FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE): it cannot reorder "(archived)".
    ).toBe('\u2068Caravana editada\u2069 (archived)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets the planned route from a GeoJSON file, refuses a bad one with a clear message, and removes it', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con ruta', 'admin');
    await postReports(suite.baseUrl, caravanId, demoReportsEndingNow(30));
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    const section = await openSection(page, 'route');
    const upload = (name: string, text: string) =>
      page.setInputFiles(`${section} input[type="file"]`, { name, mimeType: 'application/geo+json', buffer: Buffer.from(text) });
    expect(await page.textContent(`${section} [data-field="route-current"]`)).toBe('No planned route.');

    await upload('ruta.geojson', '{"type":"Feature","geometry":{"type":"Point","coordinates":[-92,15]}}');
    await expect
      .poll(() => page.textContent(`${section} [data-field="form-error"]`))
      .toBe('Not saved. ruta.geojson has no LineString (a route must be one line).');
    await upload('rota.geojson', '{"type":"LineString","coordinates":[[-92.26,14.9],[-94.1,95]]}');
    await expect
      .poll(() => page.textContent(`${section} [data-field="form-error"]`))
      .toBe('Not saved. Point 2 of the route in rota.geojson is not a valid [longitude, latitude].');

    const route = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Tapachula' }, geometry: { type: 'Point', coordinates: [-92.2633, 14.9056] } },
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [-92.2633, 14.9056, 170],
              [-93.2, 15.8, 40],
              [-94.8, 16.4, 20],
              [-99.13, 19.43, 2240],
              [-99.5, 27.5, 130],
            ],
          },
        },
      ],
    };
    await upload('ruta-prevista.geojson', JSON.stringify(route));
    await expect
      .poll(() => page.textContent(`${section} [data-field="form-done"]`))
      .toMatch(/^Route from ruta-prevista\.geojson saved\. Planned route: 5 points, [\d,.]+ km\.$/);
    const saved = await call<{ caravan: { route?: { coordinates: number[][] } } }>(
      suite.baseUrl,
      'GET',
      `/api/v1/caravans/${caravanId}`,
    );
    expect(saved.json.caravan.route!.coordinates[0]).toEqual([-92.2633, 14.9056]);
    await page.click('dialog[data-dialog="admin"] [data-action="close"]');
    await expect.poll(() => page.isVisible('[data-field="route-remaining"]')).toBe(true);
    expect(await page.textContent('[data-field="route-remaining"]')).toMatch(/^[\d,.]+ km$/);

    await page.click('[data-action="open-admin"]');
    await page.click(`${section} [data-action="remove-route"]`);
    await expect.poll(() => page.textContent(`${section} [data-field="form-done"]`)).toBe('Route removed.');
    expect(
      (await call<{ caravan: { route?: unknown } }>(suite.baseUrl, 'GET', `/api/v1/caravans/${caravanId}`)).json.caravan.route,
    ).toBeUndefined();
    await expect.poll(() => page.isHidden('[data-field="route-remaining"]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is not offered to editors', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana de edición', 'admin');
    const editor = await createStaff(suite.baseUrl, 'editor');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, editor.token);
    expect(await page.$('[data-action="open-admin"]')).toBeNull();
    expect(await page.$('dialog[data-dialog="admin"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
