import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, validSignature, type Receiver } from '../../server/test/alerts/receiver';
import { blockingAxeViolations } from './axe';
import { BROWSER_TEST_TIMEOUT_MS, call, createCaravan, openDashboard, postReports } from './dashboard-helpers';
import { openDashboardAt, PHONES } from './dashboard-viewport';
import { startServer } from './server';
import { useServerAndBrowser } from './suite';

/** The dashboard's server, allowed to post to a receiver on this machine. */
const suite = useServerAndBrowser(() =>
  startServer({ MAX_EVENT_LOOP_DELAY_MS: '30000', WEBHOOK_ALLOW_PRIVATE: '1' }, () => Date.now() + 3_600_000),
);
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const SECTION = 'dialog[data-dialog="admin"] details[data-section="webhooks"]';
const FORM = `${SECTION} form[data-form="webhook-create"]`;

/** Opens a hook's delivery log (`log`, its selector) and refreshes it until one delivery shows as delivered. */
async function openLogUntilDelivered(page: Page, log: string): Promise<void> {
  await page.click(`${log} > summary`);
  await expect
    .poll(
      async () => {
        await page.click(`${log} [data-action="refresh-deliveries"]`);
        return page.$$eval(`${log} .delivery[data-state="delivered"]`, (items) => items.length);
      },
      { timeout: 30_000 },
    )
    .toBe(1);
}

describe('webhooks in the dashboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('adds a webhook, shows its secret once, logs its deliveries and deletes it when confirmed', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con webhook', 'hooks');
    const rules = { rules: [{ id: 'b100', kind: 'border_within_km', km: 100 }] };
    expect((await call(suite.baseUrl, 'PUT', `/api/v1/caravans/${caravanId}/alert-rules`, rules)).status).toBe(200);
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await page.click('[data-action="open-admin"]');
    await page.click(`${SECTION} > summary`);
    await page.waitForSelector(`${SECTION} .webhooks__none`);

    // A URL the server refuses: its words under the URL field.
    await page.fill(`${FORM} input[name="url"]`, 'not a url');
    await page.click(`${FORM} button[type="submit"]`);
    expect(await (await page.waitForSelector(`${FORM} [data-error-for="url"]`)).textContent()).toBe('url: must be a uri string');

    // Only the open caravan (chosen already in the list).
    await page.fill(`${FORM} input[name="url"]`, receiver.url);
    await page.check(`${FORM} input[name="scope"][value="chosen"]`);
    expect(await page.$eval(`${FORM} select[name="caravans"]`, (select) => (select as HTMLSelectElement).value)).toBe(caravanId);
    await page.click(`${FORM} button[type="submit"]`);
    const secretField = await page.waitForSelector(`${SECTION} .credentials input[aria-label="Secret"]`);
    const secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await page.textContent(`${SECTION} .credentials__warning`)).toMatch(/^You will not see this secret again\./);
    expect(await page.$$(`${FORM} [data-error-for]`)).toHaveLength(0);
    const row = await page.waitForSelector(`${SECTION} [data-webhook-id]`);
    const webhookId = (await row.getAttribute('data-webhook-id'))!;
    expect(await row.$eval('.webhook__url', (url) => url.textContent)).toBe(receiver.url);
    expect(await row.$eval('.webhook__about', (about) => about.textContent)).toMatch(
      /^for \u2068Caravana con webhook\u2069 · added/,
    );
    expect(JSON.stringify((await call(suite.baseUrl, 'GET', '/api/v1/webhooks')).json)).not.toContain(secret);

    // A milestone: delivered, signed with the secret shown, and in the log with its attempt.
    await postReports(suite.baseUrl, caravanId, [
      { id: 'juarez', lng: -106.45, lat: 31.7, recordedAt: new Date(Date.now() - 60_000).toISOString() },
    ]);
    await expect.poll(() => receiver.delivered().length, { timeout: 30_000 }).toBe(1);
    const [delivered] = receiver.delivered();
    expect(validSignature(secret, delivered!)).toBe(true);
    const log = `${SECTION} [data-webhook-id="${webhookId}"] [data-field="delivery-log"]`;
    await openLogUntilDelivered(page, log);
    const delivery = `${log} .delivery[data-delivery-id="${delivered!.payload.deliveryId}"]`;
    expect(await page.textContent(`${delivery} .delivery__state`)).toBe('delivered');
    expect(await page.textContent(`${delivery} .delivery__head`)).toContain(delivered!.payload.alert.id);
    const attempts = await page.$$eval(`${delivery} tbody tr`, (rows) =>
      rows.map((tableRow) => [...tableRow.querySelectorAll('td')].slice(1).map((cell) => cell.textContent)),
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]![0]).toBe('200');
    expect(attempts[0]![1]).toBe('');
    expect(attempts[0]![2]).toMatch(/^\d+ ms$/);
    expect(await blockingAxeViolations(page)).toEqual([]);

    // Saved: the secret leaves the page.
    await page.click(`${SECTION} [data-action="credentials-saved"]`);
    expect(await page.evaluate((value) => document.documentElement.outerHTML.includes(value), secret)).toBe(false);

    // Delete asks first; Cancel keeps it, Yes removes it.
    await page.click(`${SECTION} [data-webhook-id="${webhookId}"] [data-action="delete-webhook"]`);
    await page.click(`${SECTION} [data-webhook-id="${webhookId}"] [data-action="cancel"]`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('delete-webhook');
    expect((await call<{ webhooks: unknown[] }>(suite.baseUrl, 'GET', '/api/v1/webhooks')).json.webhooks).toHaveLength(1);
    await page.click(`${SECTION} [data-webhook-id="${webhookId}"] [data-action="delete-webhook"]`);
    expect(await page.textContent(`${SECTION} [data-webhook-id="${webhookId}"] .confirm`)).toContain('Delete this webhook?');
    await page.click(`${SECTION} [data-webhook-id="${webhookId}"] [data-action="confirm"]`);
    await page.waitForSelector(`${SECTION} .webhooks__none`);
    expect((await call<{ webhooks: unknown[] }>(suite.baseUrl, 'GET', '/api/v1/webhooks')).json.webhooks).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone: the webhooks and a delivery log at 390 px, nothing to scroll sideways', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana en el celular', 'hooks');
    const rules = { rules: [{ id: 'b100', kind: 'border_within_km', km: 100 }] };
    expect((await call(suite.baseUrl, 'PUT', `/api/v1/caravans/${caravanId}/alert-rules`, rules)).status).toBe(200);
    const created = await call<{ id: string }>(suite.baseUrl, 'POST', '/api/v1/webhooks', {
      url: `${receiver.url}?a-long-query-string-that-must-wrap-rather-than-widen-the-dialog=1`,
      caravans: [caravanId],
    });
    expect(created.status).toBe(201);
    await postReports(suite.baseUrl, caravanId, [
      { id: 'juarez', lng: -106.45, lat: 31.7, recordedAt: new Date(Date.now() - 60_000).toISOString() },
    ]);
    const { page, errors } = await openDashboardAt(suite.browser, `${suite.baseUrl}/?caravan=${caravanId}`, {
      viewport: PHONES[0],
    });
    await page.click('[data-action="toggle-sheet"]');
    await page.click('[data-action="open-admin"]');
    await page.click(`${SECTION} > summary`);
    const log = `${SECTION} [data-webhook-id="${created.json.id}"] [data-field="delivery-log"]`;
    await openLogUntilDelivered(page, log);
    const overflow = await page.$eval('dialog[data-dialog="admin"]', (dialog) => dialog.scrollWidth - dialog.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/dashboard-webhooks-phone.png', fullPage: false });
    expect(await blockingAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
