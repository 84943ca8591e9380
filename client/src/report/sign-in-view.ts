import type { Translate } from '../i18n/i18n';
import { required } from './element';

/** The token form: typed or pasted. A link with `#token=` skips it. */
export function createSignInView(form: HTMLFormElement, t: Translate, submit: (token: string) => Promise<void>) {
  const input = required<HTMLInputElement>(form, '#token');
  const button = required<HTMLButtonElement>(form, 'button[type="submit"]');
  const message = required(form, '[data-field="sign-in-error"]');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    message.textContent = t('sign-in.checking');
    void submit(token).finally(() => (button.disabled = false));
  });

  return {
    show(problem = ''): void {
      form.hidden = false;
      message.textContent = problem;
    },
    hide(): void {
      form.hidden = true;
      input.value = '';
      message.textContent = '';
    },
  };
}
