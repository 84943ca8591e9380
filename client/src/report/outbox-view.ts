import type { Translate } from '../i18n/i18n';
import { isolatedText } from '../lib/isolate';
import { element, required } from './element';
import type { Format } from './format';
import type { OutboxStatus } from './outbox';
import type { OutboxRecord } from './outbox-store';

/** Who is signed in, as the outbox card needs it. */
export interface OutboxContext {
  reporterId: string | null;
  /** How many caravans the reporter posts to: with several, each report says which. */
  caravans: number;
  /** A caravan's name for the page (never its id when the server named it). */
  caravanName(caravanId: string): string;
  signedIn: boolean;
}

/** Long queues (days offline in automatic mode) show their newest items; the count says how many there are. */
const SHOWN_QUEUED = 50;

/** What the page says about sending, from the outbox's status. */
export function outboxStatusText(status: OutboxStatus, t: Translate, format: Format): string {
  switch (status.phase) {
    case 'idle':
      return t('outbox.idle');
    case 'sending':
      return t('outbox.sending');
    case 'offline':
      return t('outbox.offline');
    case 'waiting':
      return t(status.serverAsked ? 'outbox.busy' : 'outbox.waiting', { time: format.clock(status.retryAt) });
    case 'no-sender':
      return t('outbox.no-sender');
    case 'unauthorized':
      return t('outbox.unauthorized', { reason: status.message });
  }
}

/** One report as a list item: fix time, accuracy, headcount, note, and why it was refused. */
function recordItem(record: OutboxRecord, view: { t: Translate; format: Format } & OutboxContext) {
  const { t, format } = view;
  const { report } = record;
  const item = element('li', 'record');
  item.dataset.id = record.id;
  item.dataset.state = record.state;
  const facts = [format.fixTime(record.fixAt)];
  if (report.accuracyM !== undefined) facts.push(t('record.accuracy', { m: format.metres(report.accuracyM) }));
  if (report.headcount !== undefined) facts.push(t('record.headcount', { n: format.number(report.headcount) }));
  if (view.caravans > 1) facts.push(t('record.caravan', { name: isolatedText(view.caravanName(record.caravanId)) }));
  if (record.duplicate) facts.push(t('record.duplicate'));
  if (record.state === 'queued' && record.reporterId !== view.reporterId)
    facts.push(t('record.other-reporter', { name: record.reporterName }));
  item.append(element('span', 'record__facts', facts.join(' · ')));
  if (report.note) item.append(element('span', 'record__note', report.note));
  if (record.reason) item.append(element('span', 'record__reason', record.reason));
  return item;
}

/** The queue, the refused reports with the server's reasons, and the recently sent ones. */
export function createOutboxView(root: HTMLElement, t: Translate, format: Format) {
  const count = required(root, '[data-field="queued-count"]');
  const status = required(root, '[data-field="outbox-status"]');
  const lists = {
    queued: required<HTMLOListElement>(root, '[data-list="queued"]'),
    rejected: required<HTMLOListElement>(root, '[data-list="rejected"]'),
    sent: required<HTMLOListElement>(root, '[data-list="sent"]'),
  };
  const parts = { rejected: required(root, '[data-part="rejected"]'), sent: required(root, '[data-part="sent"]') };

  return {
    status(text: string): void {
      status.textContent = text;
    },
    render(records: OutboxRecord[], context: OutboxContext): void {
      const view = { t, format, ...context };
      const newestFirst = [...records].sort((a, b) => b.fixAt - a.fixAt);
      const of = (state: OutboxRecord['state']) => newestFirst.filter((record) => record.state === state);
      const queued = of('queued');
      count.textContent = format.number(queued.length);
      root.dataset.queued = String(queued.length);
      lists.queued.replaceChildren(...queued.slice(0, SHOWN_QUEUED).map((record) => recordItem(record, view)));
      if (queued.length > SHOWN_QUEUED)
        lists.queued.append(
          element('li', 'record record--more', t('outbox.more', { n: format.number(queued.length - SHOWN_QUEUED) })),
        );
      for (const state of ['rejected', 'sent'] as const) {
        const shown = of(state).sort((a, b) => (b.settledAt ?? 0) - (a.settledAt ?? 0));
        lists[state].replaceChildren(...shown.map((record) => recordItem(record, view)));
        parts[state].hidden = shown.length === 0;
      }
      // Signed out, the card still shows what waits on this phone, but not an empty outbox.
      root.hidden = !context.signedIn && records.length === 0;
    },
  };
}
