import { effect, type Signal } from '@preact/signals-core';
import type { Translate } from '../i18n/i18n';
import { required } from './element';
import type { Format } from './format';
import type { Outbox, OutboxStatus } from './outbox';
import { allRecords, onOutboxChange } from './outbox-store';
import { createOutboxView, outboxStatusText } from './outbox-view';
import type { Reporter } from './reporter-session';
import { caravanName } from './session';

/** Keeps the outbox card in step with the device's records and the outbox's status. */
export function mountOutboxPanel(
  root: HTMLElement,
  { t, format, outbox, reporter }: { t: Translate; format: Format; outbox: Outbox; reporter: Signal<Reporter | null> },
): void {
  const view = createOutboxView(root, t, format);
  const sendNow = required<HTMLButtonElement>(root, '[data-action="send-now"]');
  sendNow.addEventListener('click', () => outbox.networkBack());

  effect(() => {
    // Signed out, nothing is being sent, whatever the last flush said.
    const status: OutboxStatus = reporter.value ? outbox.status.value : { phase: 'no-sender' };
    view.status(outboxStatusText(status, t, format));
    root.dataset.phase = status.phase;
    sendNow.hidden = status.phase !== 'waiting';
  });

  async function show(current: Reporter | null): Promise<void> {
    view.render(await allRecords(), {
      reporterId: current?.me.id ?? null,
      caravans: current?.me.caravans?.length ?? 0,
      caravanName: (caravanId) => (current ? caravanName(current.me, caravanId) : caravanId),
      signedIn: current !== null,
    });
  }
  onOutboxChange(() => void show(reporter.peek()));
  effect(() => void show(reporter.value));
}
