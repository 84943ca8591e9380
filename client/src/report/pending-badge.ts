import { effect, type ReadonlySignal } from '@preact/signals-core';
import type { Translate } from '../i18n/i18n';
import type { Format } from './format';
import type { OutboxRecord } from './outbox-store';

/** "2 waiting" in the header: the reports on this phone not yet acknowledged by the server; hidden at none. */
export function mountPendingBadge(
  badge: HTMLElement,
  { t, format, records }: { t: Translate; format: Format; records: ReadonlySignal<OutboxRecord[]> },
): void {
  effect(() => {
    const waiting = records.value.filter((record) => record.state === 'queued').length;
    badge.dataset.count = String(waiting);
    badge.textContent = t('pending.count', { n: format.number(waiting) });
    badge.hidden = waiting === 0;
  });
}
