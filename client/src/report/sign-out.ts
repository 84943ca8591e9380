import type { ReadonlySignal } from '@preact/signals-core';
import type { Translate } from '../i18n/i18n';
import { required } from './element';
import type { Format } from './format';
import type { OutboxRecord } from './outbox-store';
import type { Reporter } from './reporter-session';

/**
 * "Sign out", at the bottom of the page, away from the caravan picker and the big button, asks
 * first. With reports still waiting it says so: they stay on this phone, but go only once the
 * same reporter signs in here again. Staying signed in is the default answer.
 */
export function mountSignOut(
  part: HTMLElement,
  dialog: HTMLDialogElement,
  {
    t,
    format,
    records,
    reporter,
    signOut,
  }: {
    t: Translate;
    format: Format;
    records: ReadonlySignal<OutboxRecord[]>;
    reporter: ReadonlySignal<Reporter | null>;
    signOut: () => void;
  },
): void {
  const open = required<HTMLButtonElement>(part, '[data-action="sign-out"]');
  const waitingLine = required(dialog, '[data-field="sign-out-waiting"]');
  const confirm = required<HTMLButtonElement>(dialog, '[data-action="confirm-sign-out"]');

  open.addEventListener('click', () => {
    const current = reporter.peek();
    if (!current) return;
    const waiting = records.peek().filter((record) => record.state === 'queued' && record.reporterId === current.me.id).length;
    waitingLine.hidden = waiting === 0;
    waitingLine.textContent = t(waiting === 1 ? 'sign-out.waiting-one' : 'sign-out.waiting', {
      n: format.number(waiting),
      name: current.me.name,
    });
    confirm.textContent = t(waiting === 0 ? 'sign-out.confirm' : 'sign-out.confirm-anyway');
    dialog.returnValue = '';
    dialog.showModal();
  });

  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'sign-out') signOut();
    else open.focus();
  });
}
