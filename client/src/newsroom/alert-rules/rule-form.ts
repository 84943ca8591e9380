import type { FieldProblem } from '../../lib/api';
import { el, option } from '../../lib/dom';
import { isolatedText } from '../../lib/isolate';
import { formMessages, labelled, onSubmit } from '../admin/form-kit';
import { reporterName } from '../reporter-names';
import type { NewsroomState } from '../state';
import { kindOf, RULE_KINDS, type RuleParameter, type ShownRule } from './rule-kinds';
import { kindLabel, parameterLabel, ruleText } from './rule-text';

/** What the form asks to save: a new rule (`editing` null) or changes to one. */
export interface RuleDraft {
  editing: ShownRule | null;
  kind: string;
  /** The parameters filled in; an empty field is left out (the server says if it was required). */
  values: Record<string, string | number>;
  /** Optional parameters the rule had and the form emptied. */
  cleared: string[];
}

export interface RuleForm {
  element: HTMLElement;
  /** Back to adding a rule, the form empty. */
  reset(): void;
  /** Editing `rule`: its kind fixed, its values filled in, focus on its first field. */
  edit(rule: ShownRule): void;
}

/** The control of one parameter, named as the API names it, so the server's problems land under it. */
function parameterControl(state: NewsroomState, parameter: RuleParameter): HTMLInputElement | HTMLSelectElement {
  const { input, name } = parameter;
  if (input.type === 'number')
    return el('input', {
      name,
      type: 'number',
      step: input.integer ? 1 : 'any',
      inputmode: input.integer ? 'numeric' : 'decimal',
    });
  if (input.type === 'text') return el('input', { name, maxlength: 120, autocomplete: 'off', dir: 'auto' });
  const reporters = Object.entries(state.reporterNames.value).sort(([, a], [, b]) => a.localeCompare(b));
  return el(
    'select',
    { name },
    option('', state.t('rules.anyone')),
    ...reporters.map(([id, reporter]) => option(id, isolatedText(reporter))),
  );
}

/** A control's value as the API takes it; '' when empty. */
function readValue(control: HTMLInputElement | HTMLSelectElement, parameter: RuleParameter): string | number {
  const text = control.value.trim();
  if (text === '' || parameter.input.type !== 'number') return text;
  // A number the browser cannot read goes as typed: the server names what is wrong with it.
  return Number.isNaN(Number(text)) ? text : Number(text);
}

/**
 * Adding or editing one rule. The fields come from the kind table (rule-kinds.ts): choosing a kind
 * draws its parameters. The browser checks nothing (`novalidate`): the server judges every value,
 * and each problem it names shows under its field; a kind the server does not know yet is said so
 * at the kind. `save` does the API call and answers the success line.
 */
export function createRuleForm(state: NewsroomState, save: (draft: RuleDraft) => Promise<string>): RuleForm {
  const { t } = state;
  const title = el('h3', { id: 'rule-form-title' }, t('rules.add-title'));
  const kind = el('select', { name: 'kind' }, ...RULE_KINDS.map((entry) => option(entry.kind, kindLabel(t, entry.kind))));
  const parameters = el('div', { class: 'rule-form__parameters' });
  const submit = el('button', { type: 'submit' }, t('rules.add'));
  const cancel = el('button', { type: 'button', 'data-action': 'cancel-edit', hidden: true }, t('rules.cancel'));
  const messages = formMessages();
  const form = el(
    'form',
    { class: 'form', 'data-form': 'alert-rule', novalidate: true },
    labelled(t('rules.kind'), kind),
    parameters,
    el('div', { class: 'form__buttons' }, submit, cancel),
    messages.error,
    messages.done,
  );
  let editing: ShownRule | null = null;
  let controls: { parameter: RuleParameter; control: HTMLInputElement | HTMLSelectElement }[] = [];

  const drawParameters = (rule: ShownRule | null) => {
    const entry = kindOf(kind.value, rule ?? undefined);
    controls = (entry?.parameters ?? []).map((parameter) => ({ parameter, control: parameterControl(state, parameter) }));
    parameters.replaceChildren(
      ...controls.map(({ parameter, control }) => {
        const value = rule?.[parameter.name];
        if (value !== undefined) {
          // A reporter the names list lacks is still the rule's: offered under its id.
          if (control instanceof HTMLSelectElement && ![...control.options].some((known) => known.value === value))
            control.append(option(String(value), reporterName(state, String(value))));
          control.value = String(value);
        }
        const hint = parameter.input.type === 'text' && parameter.input.hint;
        return labelled(
          parameterLabel(t, kind.value, parameter),
          control,
          hint ? t(`rules.param.${kind.value}.${parameter.name}-hint`) : undefined,
        );
      }),
    );
  };
  kind.addEventListener('change', () => drawParameters(null));

  /** The server's `kind` problem is an enum it lacks: the kind is new to it, which its words do not say. */
  const say = (problem: FieldProblem) =>
    problem.field === 'kind' && problem.rule === 'enum'
      ? t('rules.kind-unknown', { kind: kindLabel(t, kind.value) })
      : problem.message;
  onSubmit(
    form,
    messages,
    t,
    () => {
      const values: Record<string, string | number> = {};
      const cleared: string[] = [];
      for (const { parameter, control } of controls) {
        const value = readValue(control, parameter);
        if (value !== '') values[parameter.name] = value;
        else if (editing?.[parameter.name] !== undefined) cleared.push(parameter.name);
      }
      return save({ editing, kind: kind.value, values, cleared });
    },
    { say },
  );

  const reset = () => {
    editing = null;
    form.reset();
    kind.disabled = false;
    title.textContent = t('rules.add-title');
    submit.textContent = t('rules.add');
    cancel.hidden = true;
    drawParameters(null);
  };
  cancel.addEventListener('click', () => {
    const was = editing;
    reset();
    messages.error.textContent = '';
    document.querySelector<HTMLElement>(`[data-rule-id="${CSS.escape(was?.id ?? '')}"] [data-action="edit-rule"]`)?.focus();
  });
  reset();
  return {
    element: el('section', { class: 'rule-form', 'aria-labelledby': title.id }, title, form),
    reset,
    edit(rule) {
      editing = rule;
      messages.error.textContent = '';
      messages.done.textContent = '';
      if (![...kind.options].some((known) => known.value === rule.kind)) kind.append(option(rule.kind, kindLabel(t, rule.kind)));
      kind.value = rule.kind;
      kind.disabled = true;
      title.textContent = t('rules.edit-title', { rule: ruleText(t, rule, (id) => reporterName(state, id)) });
      submit.textContent = t('rules.save');
      cancel.hidden = false;
      drawParameters(rule);
      (controls[0]?.control ?? submit).focus();
    },
  };
}
