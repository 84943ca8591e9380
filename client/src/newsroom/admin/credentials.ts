import type { Translate } from '../../i18n/i18n';
import { el } from '../../lib/dom';
import { copyField } from '../copy-field';
import type { SettingsGroup } from './phone-settings';

/** One value with its label and a Copy button. */
function settingRow(label: string, value: string, t: Translate): HTMLElement {
  const row = copyField(t, label);
  row.show(value);
  return row.element;
}

/** The i18n keys of the warning and of the button that takes the secrets away. */
export interface CredentialWords {
  once: string;
  saved: string;
}

/**
 * A new account's (or webhook's) secrets, shown this one time: the server never shows them again.
 * They stay on screen until the admin says they are saved, then leave the page.
 */
export function showCredentials(
  container: HTMLElement,
  title: string,
  groups: SettingsGroup[],
  t: Translate,
  words: CredentialWords = { once: 'credentials.once', saved: 'credentials.saved' },
): void {
  const done = el('button', { type: 'button', 'data-action': 'credentials-saved' }, t(words.saved));
  done.addEventListener('click', () => container.replaceChildren());
  container.replaceChildren(
    el(
      'section',
      { class: 'credentials', 'data-field': 'credentials', 'aria-label': title },
      el('h4', {}, title),
      el('p', { class: 'credentials__warning', role: 'alert' }, t(words.once)),
      ...groups.map((group) =>
        el(
          'div',
          { class: 'credentials__group' },
          el('h5', {}, t(group.title)),
          ...group.settings.map(({ label, value }) => settingRow(t(label), value, t)),
        ),
      ),
      done,
    ),
  );
}
