import type { Translate } from '../i18n/i18n';
import { el } from '../lib/dom';

/**
 * A destructive button that asks first, in place: it gives way to the question with "Yes, delete"
 * (focused) and "Cancel" (which hands focus back to it). No browser dialog: the question is read
 * where the keyboard already is. `action` runs on yes; whoever redraws the row after it owns focus.
 */
export function confirmStep(t: Translate, trigger: HTMLButtonElement, question: string, action: () => Promise<void>): void {
  trigger.addEventListener('click', () => {
    const yes = el('button', { type: 'button', class: 'confirm__yes', 'data-action': 'confirm' }, t('confirm.yes'));
    const cancel = el('button', { type: 'button', 'data-action': 'cancel' }, t('confirm.cancel'));
    const ask = el('span', { class: 'confirm', role: 'group', 'aria-label': question }, el('span', {}, question), yes, cancel);
    const back = () => {
      ask.remove();
      trigger.hidden = false;
      trigger.focus();
    };
    cancel.addEventListener('click', back);
    yes.addEventListener('click', async () => {
      yes.disabled = cancel.disabled = true;
      try {
        await action();
      } finally {
        if (ask.isConnected) back();
      }
    });
    trigger.hidden = true;
    trigger.after(ask);
    yes.focus();
  });
}
