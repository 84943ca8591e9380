import type { Translate } from '../i18n/i18n';
import { copyText } from '../lib/copy-text';
import { el } from '../lib/dom';

export interface CopyField {
  element: HTMLElement;
  field: HTMLInputElement | HTMLTextAreaElement;
  copy: HTMLButtonElement;
  /** Shows a new value and forgets what the last copy did (it copied the old one). */
  show(value: string): void;
}

/**
 * A read-only value with its label and a Copy button that says what copying did: copied, or
 * selected for Ctrl+C where the clipboard is refused. `rows` makes it a text area; `name` is its
 * `data-field`.
 */
export function copyField(t: Translate, label: string, options: { rows?: number; name?: string } = {}): CopyField {
  const attributes = { readonly: true, 'aria-label': label, spellcheck: 'false', 'data-field': options.name };
  const field = options.rows ? el('textarea', { ...attributes, rows: options.rows }) : el('input', attributes);
  const copy = el('button', { type: 'button', class: 'copy', 'aria-label': t('copy-named', { name: label }) }, t('copy'));
  const status = el('span', { class: 'copy-status', role: 'status' });
  copy.addEventListener(
    'click',
    async () => (status.textContent = t((await copyText(field)) === 'copied' ? 'copied' : 'copy-selected')),
  );
  return {
    element: el('div', { class: 'copy-field' }, el('span', { class: 'copy-field__label' }, label), field, copy, status),
    field,
    copy,
    show(value) {
      field.value = value;
      status.textContent = '';
    },
  };
}
