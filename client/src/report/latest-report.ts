import type { Translate } from '../i18n/i18n';
import type { Format } from './format';
import type { OutboxStatus } from './outbox';
import { isHeld } from './held';
import type { OutboxRecord } from './outbox-store';

/** Where the reporter's latest report is, as the line under the button says it. */
export type LatestState =
  | { kind: 'held'; until: number }
  | { kind: 'sending' }
  | { kind: 'offline' }
  | { kind: 'waiting'; retryAt: number; serverAsked: boolean }
  | { kind: 'queued' }
  | { kind: 'sent'; at: number }
  | { kind: 'rejected'; reason: string };

/**
 * The state of one report from its record on the phone and what the outbox is doing. A record
 * queued while the outbox sends another batch, or waits, is waiting with them.
 * @example latestState(record, { phase: 'sending', ids: [record.id] }, now) // { kind: 'sending' }
 */
export function latestState(record: OutboxRecord, status: OutboxStatus, now: number): LatestState {
  if (record.state === 'sent') return { kind: 'sent', at: record.settledAt ?? now };
  if (record.state === 'rejected') return { kind: 'rejected', reason: record.reason ?? '' };
  if (isHeld(record, now)) return { kind: 'held', until: record.holdUntil! };
  switch (status.phase) {
    case 'sending':
      return status.ids.includes(record.id) ? { kind: 'sending' } : { kind: 'queued' };
    case 'offline':
      return { kind: 'offline' };
    case 'waiting':
      return { kind: 'waiting', retryAt: status.retryAt, serverAsked: status.serverAsked };
    default:
      return { kind: 'queued' };
  }
}

/** What the line says: `status` (a live region: it changes only when the state does) and `when` (a countdown, not announced). */
export function latestText(
  state: LatestState,
  { t, format, now, noting }: { t: Translate; format: Format; now: number; noting: boolean },
): { status: string; when: string } {
  switch (state.kind) {
    case 'held':
      return noting
        ? { status: t('latest.noting'), when: t('latest.noting-when', { time: format.shortClock(state.until) }) }
        : { status: t('latest.held'), when: t('latest.held-when', { left: format.countdown(state.until - now) }) };
    case 'sending':
      return { status: t('latest.sending'), when: '' };
    case 'offline':
      return { status: t('latest.offline'), when: '' };
    case 'waiting':
      return {
        status: t(state.serverAsked ? 'latest.busy' : 'latest.no-answer'),
        when: t('latest.retry-when', { left: format.countdown(state.retryAt - now) }),
      };
    case 'queued':
      return { status: t('latest.queued'), when: '' };
    case 'sent':
      return { status: t('latest.sent', { time: format.shortClock(state.at) }), when: '' };
    case 'rejected':
      return { status: t('latest.rejected', { reason: state.reason }), when: '' };
  }
}
