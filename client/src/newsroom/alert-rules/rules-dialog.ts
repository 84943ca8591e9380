import { effect } from '@preact/signals-core';
import { ApiError, apiDelete, apiGet, apiSend } from '../../lib/api';
import { el } from '../../lib/dom';
import { messageOf } from '../admin/form-kit';
import { confirmStep } from '../confirm-step';
import { reporterName } from '../reporter-names';
import type { NewsroomState } from '../state';
import type { ShownRule } from './rule-kinds';
import { createRuleForm, type RuleDraft } from './rule-form';
import { ruleText } from './rule-text';

/** A refusal of a whole set (`rules.2.km`) as the form's own fields name it (`km`), for the rule at `index`. */
function withinRule(failure: unknown, index: number): unknown {
  if (!(failure instanceof ApiError)) return failure;
  const prefix = `rules.${index}.`;
  const details = failure.details.map((problem) =>
    problem.field.startsWith(prefix) ? { ...problem, field: problem.field.slice(prefix.length) } : problem,
  );
  return new ApiError(failure.status, failure.code, failure.message, details);
}

const rulesPath = (caravanId: string) => `/api/v1/caravans/${encodeURIComponent(caravanId)}/alert-rules`;
const rulePath = (caravanId: string, ruleId: string) => `${rulesPath(caravanId)}/${encodeURIComponent(ruleId)}`;

/**
 * The open caravan's alert rules in a dialog: each rule's kind, parameters and whether it is on.
 * Editors and admins add, edit, turn off and on, and delete (asked first); viewers read. What is
 * shown is what the server answered last: every change reads the list again.
 */
export function createRulesDialog(state: NewsroomState): { dialog: HTMLDialogElement; open(): void } {
  const { t } = state;
  const canEdit = state.me.role === 'admin' || state.me.role === 'editor';
  const caravanName = el('p', { class: 'embed__caravan', dir: 'auto', 'data-field': 'rules-caravan' });
  const list = el('ul', { class: 'rules__list', 'data-field': 'rule-list', 'aria-label': t('rules.list') });
  const status = el('p', { class: 'rules__status', role: 'status', 'data-field': 'rules-status' });
  const error = el('p', { class: 'form__error', role: 'alert', 'data-field': 'rules-error' });
  const close = el('button', { type: 'button', class: 'dialog__close', 'data-action': 'close' }, t('close'));
  let rules: ShownRule[] = [];

  const caravanId = () => state.caravanId.value ?? '';
  const describe = (rule: ShownRule) => ruleText(t, rule, (id) => reporterName(state, id));
  const load = async () => {
    const answer = await apiGet<{ rules: ShownRule[] }>(rulesPath(caravanId()), state.token);
    rules = answer.rules;
    render();
  };
  /** A change, then the list as the server has it now; a failure is said in the dialog's alert line. */
  const change = async (work: () => Promise<string>) => {
    error.textContent = '';
    status.textContent = '';
    try {
      status.textContent = await work();
    } catch (failure) {
      error.textContent = t('admin.refused', { message: messageOf(failure) });
    }
    await load().catch((failure: unknown) => (error.textContent = t('rules.load-failed', { message: messageOf(failure) })));
  };

  const save = async ({ editing, kind, values, cleared }: RuleDraft): Promise<string> => {
    let saved: ShownRule;
    if (!editing) {
      saved = await apiSend<ShownRule>('POST', rulesPath(caravanId()), state.token, { kind, ...values });
    } else if (cleared.length === 0) {
      saved = await apiSend<ShownRule>('PATCH', rulePath(caravanId(), editing.id), state.token, values);
    } else {
      // A patch cannot take a parameter away: the whole set is written, this rule replaced (same id, same claims).
      const { id, enabled } = editing;
      saved = { id, kind, enabled, ...values };
      const set = rules.map((rule) => (rule.id === id ? saved : rule));
      await apiSend('PUT', rulesPath(caravanId()), state.token, { rules: set }).catch((failure: unknown) => {
        throw withinRule(failure, set.indexOf(saved));
      });
    }
    form.reset();
    await load();
    list.querySelector<HTMLElement>(`[data-rule-id="${CSS.escape(saved.id)}"] [data-action="edit-rule"]`)?.focus();
    return t(editing ? 'rules.saved' : 'rules.added', { rule: describe(saved) });
  };
  const form = createRuleForm(state, save);

  function editorControls(rule: ShownRule, name: string): HTMLElement[] {
    const enabled = el('input', {
      type: 'checkbox',
      'data-action': 'toggle-rule',
      'aria-label': t('rules.enabled-named', { rule: name }),
    });
    enabled.checked = rule.enabled;
    enabled.addEventListener('change', () =>
      change(async () => {
        await apiSend('PATCH', rulePath(caravanId(), rule.id), state.token, { enabled: enabled.checked });
        return t(enabled.checked ? 'rules.turned-on' : 'rules.turned-off', { rule: name });
      }).then(() =>
        list.querySelector<HTMLElement>(`[data-rule-id="${CSS.escape(rule.id)}"] [data-action="toggle-rule"]`)?.focus(),
      ),
    );
    const edit = el(
      'button',
      { type: 'button', 'data-action': 'edit-rule', 'aria-label': t('rules.edit-named', { rule: name }) },
      t('rules.edit'),
    );
    edit.addEventListener('click', () => form.edit(rule));
    const remove = el(
      'button',
      { type: 'button', 'data-action': 'delete-rule', 'aria-label': t('rules.delete-named', { rule: name }) },
      t('rules.delete'),
    );
    confirmStep(t, remove, t('rules.delete-confirm'), () =>
      change(async () => {
        await apiDelete(rulePath(caravanId(), rule.id), state.token);
        return t('rules.deleted', { rule: name });
      }).then(() =>
        (list.querySelector<HTMLElement>('[data-action="edit-rule"]') ?? form.element.querySelector('select'))?.focus(),
      ),
    );
    return [el('label', { class: 'form__check rule__enabled' }, enabled, t('rules.enabled')), edit, remove];
  }

  function row(rule: ShownRule): HTMLLIElement {
    const name = describe(rule);
    const controls = canEdit
      ? editorControls(rule, name)
      : [el('span', { class: 'rule__state' }, t(rule.enabled ? 'rules.state-on' : 'rules.state-off'))];
    return el(
      'li',
      { class: 'rule', 'data-rule-id': rule.id, 'data-kind': rule.kind, 'data-enabled': String(rule.enabled) },
      el('span', { class: 'rule__what', dir: 'auto' }, name),
      el('span', { class: 'rule__controls' }, ...controls),
    );
  }

  function render(): void {
    list.replaceChildren(...rules.map(row));
    if (rules.length === 0) list.append(el('li', { class: 'rules__none' }, t('rules.none')));
  }

  const dialog = el(
    'dialog',
    { class: 'dialog rules', 'aria-labelledby': 'rules-title', 'data-dialog': 'alert-rules' },
    el('div', { class: 'dialog__head' }, el('h2', { id: 'rules-title' }, t('rules.title')), close),
    caravanName,
    el('p', { class: 'dialog__hint' }, t(canEdit ? 'rules.hint' : 'rules.read-only')),
    list,
    status,
    error,
    canEdit && form.element,
  );
  close.addEventListener('click', () => dialog.close());
  return {
    dialog,
    open() {
      caravanName.textContent = state.viewSummary.value?.caravan.name ?? caravanId();
      rules = [];
      list.replaceChildren(el('li', { class: 'rules__none' }, t('rules.loading')));
      status.textContent = error.textContent = '';
      form.reset();
      dialog.showModal();
      load().catch((failure: unknown) => (error.textContent = t('rules.load-failed', { message: messageOf(failure) })));
    },
  };
}

/** The "Alert rules…" button of the panel's alerts section, and its dialog; disabled while no caravan is open. */
export function mountAlertRules(section: HTMLElement, state: NewsroomState): void {
  const rules = createRulesDialog(state);
  const open = el('button', { type: 'button', class: 'alerts__rules', 'data-action': 'open-alert-rules' }, state.t('rules.open'));
  open.addEventListener('click', () => rules.open());
  effect(() => {
    open.disabled = state.caravanId.value === null;
  });
  section.querySelector('.panel__subtitle')!.after(open);
  section.append(rules.dialog);
}
