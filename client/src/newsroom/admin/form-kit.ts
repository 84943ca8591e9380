import type { Translate } from '../../i18n/i18n';
import { el } from '../../lib/dom';

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

/**
 * Runs `action` on submit once the browser's own checks pass, with the buttons disabled meanwhile;
 * shows its success line or the error (the API's message, which names the field).
 */
export function onSubmit(
  form: HTMLFormElement,
  messages: ReturnType<typeof formMessages>,
  t: Translate,
  action: () => Promise<string>,
): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    messages.error.textContent = '';
    messages.done.textContent = '';
    try {
      messages.done.textContent = await action();
    } catch (failure) {
      messages.error.textContent = t('admin.refused', { message: messageOf(failure) });
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
}
