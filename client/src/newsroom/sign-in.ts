import type { Translate } from '../i18n/i18n';
import { ApiError, apiGet } from '../lib/api';

const TOKEN_KEY = 'rumbo.staffToken';

export const storedToken = () => localStorage.getItem(TOKEN_KEY);

export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
  location.reload();
}

/** Asks for a staff token until the server accepts one; keeps it in this browser. */
export function askForToken(form: HTMLFormElement, t: Translate): Promise<string> {
  form.hidden = false;
  const input = form.querySelector<HTMLInputElement>('input[name="token"]')!;
  const error = form.querySelector<HTMLElement>('[data-field="sign-in-error"]')!;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const token = input.value.trim();
      try {
        await apiGet('/api/v1/me', token);
      } catch (failure) {
        error.textContent =
          failure instanceof ApiError && failure.status === 401
            ? t('sign-in.refused')
            : t('sign-in.failed', { reason: String(failure) });
        return;
      }
      localStorage.setItem(TOKEN_KEY, token);
      form.hidden = true;
      resolve(token);
    });
  });
}
