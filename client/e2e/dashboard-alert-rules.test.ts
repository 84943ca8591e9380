import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingAxeViolations } from './axe';
import {
  BROWSER_TEST_TIMEOUT_MS,
  call,
  createCaravan,
  createStaff,
  openDashboard,
  startDashboardServer,
} from './dashboard-helpers';
import { openDashboardAt, PHONES } from './dashboard-viewport';
import { useServerAndBrowser } from './suite';

const suite = useServerAndBrowser(startDashboardServer);

const DIALOG = 'dialog[data-dialog="alert-rules"]';
const FORM = `${DIALOG} form[data-form="alert-rule"]`;

interface Rule {
  id: string;
  kind: string;
  enabled: boolean;
  km?: number;
}

const rulesOf = async (caravanId: string) =>
  (await call<{ rules: Rule[] }>(suite.baseUrl, 'GET', `/api/v1/caravans/${caravanId}/alert-rules`)).json.rules;

/** Opens the rules dialog and waits for the server's list in it. */
async function openRules(page: Page): Promise<void> {
  await page.click('[data-action="open-alert-rules"]');
  await page.waitForSelector(`${DIALOG} [data-rule-id]`);
}

const listedRules = (page: Page) =>
  page.$$eval(`${DIALOG} [data-rule-id]`, (rows) =>
    rows.map((row) => [(row as HTMLElement).dataset.ruleId, row.querySelector('.rule__what')!.textContent]),
  );

describe('alert rules in the dashboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('lets an editor add, edit, turn off and delete rules, each as the server has it', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con reglas', 'rules');
    const editor = await createStaff(suite.baseUrl, 'editor');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, editor.token);
    await openRules(page);
    // A caravan whose rules were never written lists the defaults.
    expect((await listedRules(page)).map(([id]) => id)).toEqual([
      'border-100',
      'border-10',
      'crossed-border',
      'new-state',
      'silence-60',
    ]);
    expect((await listedRules(page))[0]![1]).toBe('Near the US border · 100 km');

    // Add: the kind's fields come from the kind table.
    await page.selectOption(`${FORM} select[name="kind"]`, 'reached_place');
    expect(await page.$$eval(`${FORM} [name]:not([name="kind"])`, (fields) => fields.map((f) => f.getAttribute('name')))).toEqual(
      ['name'],
    );
    await page.fill(`${FORM} input[name="name"]`, 'Arriaga');
    await page.click(`${FORM} button[type="submit"]`);
    await page.waitForSelector(`${DIALOG} [data-kind="reached_place"]`);
    expect(await page.textContent(`${FORM} [data-field="form-done"]`)).toBe('Rule added: Reached a town · Arriaga.');
    const added = (await rulesOf(caravanId)).find((rule) => rule.kind === 'reached_place');
    expect(added).toMatchObject({ name: 'Arriaga', enabled: true });
    expect(await page.textContent(`${DIALOG} [data-rule-id="${added!.id}"] .rule__what`)).toBe('Reached a town · Arriaga');

    // Edit: the kind stays, the value changes in place (same id).
    await page.click(`${DIALOG} [data-rule-id="border-100"] [data-action="edit-rule"]`);
    expect(await page.inputValue(`${FORM} input[name="km"]`)).toBe('100');
    expect(await page.isDisabled(`${FORM} select[name="kind"]`)).toBe(true);
    await page.fill(`${FORM} input[name="km"]`, '50');
    await page.click(`${FORM} button[type="submit"]`);
    await page.waitForSelector(`${DIALOG} [data-rule-id="border-100"] .rule__what:text-is("Near the US border · 50 km")`);
    expect((await rulesOf(caravanId)).find((rule) => rule.id === 'border-100')).toMatchObject({ km: 50, enabled: true });

    // An optional parameter set, then taken away again (the rule keeps its id).
    const stateRule = `${DIALOG} [data-rule-id="new-state"]`;
    await page.click(`${stateRule} [data-action="edit-rule"]`);
    await page.fill(`${FORM} input[name="name"]`, 'Oaxaca');
    await page.click(`${FORM} button[type="submit"]`);
    await page.waitForSelector(`${stateRule} .rule__what:text-is("Entered a Mexican state · Oaxaca")`);
    await page.click(`${stateRule} [data-action="edit-rule"]`);
    await page.fill(`${FORM} input[name="name"]`, '');
    await page.click(`${FORM} button[type="submit"]`);
    await page.waitForSelector(`${stateRule} .rule__what:text-is("Entered a Mexican state")`);
    expect((await rulesOf(caravanId)).find((rule) => rule.id === 'new-state')).toEqual({
      id: 'new-state',
      kind: 'entered_state',
      enabled: true,
    });

    // Off, then delete (asked first).
    await page.uncheck(`${DIALOG} [data-rule-id="border-10"] [data-action="toggle-rule"]`);
    await page.waitForSelector(`${DIALOG} [data-rule-id="border-10"][data-enabled="false"]`);
    expect((await rulesOf(caravanId)).find((rule) => rule.id === 'border-10')?.enabled).toBe(false);
    await page.click(`${DIALOG} [data-rule-id="crossed-border"] [data-action="delete-rule"]`);
    expect(await page.textContent(`${DIALOG} [data-rule-id="crossed-border"] .confirm`)).toContain('Delete this rule?');
    await page.click(`${DIALOG} [data-rule-id="crossed-border"] [data-action="confirm"]`);
    await page.waitForSelector(`${DIALOG} [data-rule-id="crossed-border"]`, { state: 'detached' });
    expect((await rulesOf(caravanId)).map((rule) => rule.id)).not.toContain('crossed-border');

    expect(await blockingAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the server’s refusal under the field it names, and changes nothing', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana con errores', 'rules');
    const before = await rulesOf(caravanId);
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`);
    await openRules(page);

    await page.selectOption(`${FORM} select[name="kind"]`, 'border_within_km');
    await page.fill(`${FORM} input[name="km"]`, '0');
    await page.click(`${FORM} button[type="submit"]`);
    const message = await page.waitForSelector(`${FORM} .form__field-error[data-error-for="km"]`);
    expect(await message.textContent()).toBe('km: must be > 0');
    // The field says it is invalid, is described by the message, and has focus.
    const km = await page.$eval(`${FORM} input[name="km"]`, (input) => ({
      invalid: input.getAttribute('aria-invalid'),
      describedBy: document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent,
      focused: document.activeElement === input,
    }));
    expect(km).toEqual({ invalid: 'true', describedBy: 'km: must be > 0', focused: true });
    expect(await page.textContent(`${FORM} [data-field="form-error"]`)).toBe('Not saved. km: must be > 0');
    expect(await blockingAxeViolations(page)).toEqual([]);

    // A town the gazetteer does not know: the server's own rule, under the name field.
    await page.selectOption(`${FORM} select[name="kind"]`, 'reached_place');
    await page.fill(`${FORM} input[name="name"]`, 'Atlántida');
    await page.click(`${FORM} button[type="submit"]`);
    expect(await (await page.waitForSelector(`${FORM} .form__field-error[data-error-for="name"]`)).textContent()).toBe(
      'name: "Atlántida" is no place the gazetteer knows',
    );
    expect(await page.$$(`${FORM} .form__field-error[data-error-for="km"]`)).toHaveLength(0);

    // A kind this server does not know (as an older server refuses the newest kinds): said at the kind.
    await page.$eval(`${FORM} select[name="kind"]`, (select) => {
      const unknown = new Option('Teleported', 'teleported');
      select.append(unknown);
      (select as HTMLSelectElement).value = 'teleported';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.click(`${FORM} button[type="submit"]`);
    const kindMessage = await page.waitForSelector(`${FORM} .form__field-error[data-error-for="kind"]`);
    expect(await kindMessage.textContent()).toMatch(/^This server does not know the rule kind “Rule kind teleported/);
    expect(await page.textContent(`${FORM} [data-field="form-error"]`)).toContain('does not know the rule kind');

    expect(await rulesOf(caravanId)).toEqual(before);
    expect((await listedRules(page)).map(([id]) => id)).toEqual(before.map((rule) => rule.id));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a viewer the rules read-only, with nothing to change them', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana para lectores', 'rules');
    const viewer = await createStaff(suite.baseUrl, 'viewer');
    const { page, errors } = await openDashboard(suite.browser, suite.baseUrl, `/?caravan=${caravanId}`, viewer.token);
    await openRules(page);
    expect(await listedRules(page)).toHaveLength(5);
    expect(await page.textContent(`${DIALOG} [data-rule-id="border-100"] .rule__state`)).toBe('on');
    expect(await page.textContent(`${DIALOG} .dialog__hint`)).toBe('You can read these rules; editors and admins change them.');
    expect(await page.$$(`${DIALOG} form, ${DIALOG} input, ${DIALOG} [data-action$="-rule"]`)).toHaveLength(0);
    expect(await blockingAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds a rule with the keyboard alone, at phone width', async () => {
    const caravanId = await createCaravan(suite.baseUrl, 'Caravana en el celular', 'rules');
    const { page, errors } = await openDashboardAt(suite.browser, `${suite.baseUrl}/?caravan=${caravanId}`, {
      viewport: PHONES[0],
    });
    // The sheet unfolds from its toggle; the rules open from the alerts section in it.
    await page.focus('[data-action="toggle-sheet"]');
    await page.keyboard.press('Enter');
    await page.focus('[data-action="open-alert-rules"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${DIALOG} [data-rule-id]`);
    // Tab through the list to the form's kind.
    for (let presses = 0; presses < 40; presses++) {
      if (await page.evaluate(() => document.activeElement?.getAttribute('name') === 'kind')) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('kind');
    await page.keyboard.press('End'); // the last kind: headcount changed by more than pct
    expect(await page.inputValue(`${FORM} select[name="kind"]`)).toBe('headcount_change_pct');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('pct');
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${FORM} [data-field="form-done"]:not(:empty), ${FORM} [data-field="form-error"]:not(:empty)`);
    // Until the server knows the kind it says so at the kind; once it does, the rule is listed.
    const known = (await page.textContent(`${FORM} [data-field="form-error"]`)) === '';
    if (known) await page.waitForSelector(`${DIALOG} [data-kind="headcount_change_pct"]`);
    else expect(await page.textContent(`${FORM} [data-error-for="kind"]`)).toContain('does not know the rule kind');

    // The whole dialog fits the phone's width: nothing to scroll sideways.
    const overflow = await page.$eval(DIALOG, (dialog) => dialog.scrollWidth - dialog.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await blockingAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
