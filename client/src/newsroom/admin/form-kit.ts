import type { Translate } from '../../i18n/i18n';
import { ApiError, type FieldProblem } from '../../lib/api';
import { el } from '../../lib/dom';
import { clearFieldProblems, showFieldProblems } from '../field-problems';

/** A control with its visible label (the label wraps it, so screen readers name the control). */
export function labelled(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return el(
    'label',
    { class: 'form__field' },
    el('span', { class: 'form__label' }, label),
    control,
    hint && el('small', {}, hint),
  );
}

/** One part of the admin dialog, folded until opened. */
export function adminSection(name: string, title: string, ...content: HTMLElement[]): HTMLDetailsElement {
  return el('details', { class: 'admin__section', 'data-section': name }, el('summary', {}, title), ...content);
}

/** Where a form says how it went: an error (read out at once) and a success line. */
export function formMessages(): { error: HTMLElement; done: HTMLElement } {
  return {
    error: el('p', { class: 'form__error', role: 'alert', 'data-field': 'form-error' }),
    done: el('p', { class: 'form__done', role: 'status', 'data-field': 'form-done' }),
  };
}

/** The message of anything thrown: the API's names the field and the rule. */
export const messageOf = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));

/** How a form places the server's field problems: each under its control, reworded by `say`. */
export interface FieldPlacement {
  say?: (problem: FieldProblem) => string;
}

/**
 * Runs `action` on submit once the browser's own checks pass, with the buttons disabled meanwhile;
 * shows its success line or the error (the API's message, which names the field). With `fields`,
 * each problem the server names is also shown under its control (field-problems.ts).
 */
export function onSubmit(
  form: HTMLFormElement,
  messages: ReturnType<typeof formMessages>,
  t: Translate,
  action: () => Promise<string>,
  fields?: FieldPlacement,
): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    messages.error.textContent = '';
    messages.done.textContent = '';
    if (fields) clearFieldProblems(form);
    try {
      messages.done.textContent = await action();
    } catch (failure) {
      const problems = fields && failure instanceof ApiError ? failure.details : [];
      const say = fields?.say ?? ((problem: FieldProblem) => problem.message);
      const message = problems.length > 0 ? problems.map(say).join(' ') : messageOf(failure);
      messages.error.textContent = t('admin.refused', { message });
      // After the buttons are enabled again, so focus may go to the first field named.
      if (problems.length > 0) queueMicrotask(() => showFieldProblems(form, problems, say));
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
}
