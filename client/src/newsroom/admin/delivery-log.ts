import type { Delivery, DeliveryAttempt } from '@rumbo/shared';
import type { Translate } from '../../i18n/i18n';
import { apiGet } from '../../lib/api';
import { el } from '../../lib/dom';
import { timeFormatter, utcText } from '../format-time';
import type { NewsroomState } from '../state';
import { messageOf } from './form-kit';

/** A time as the viewer reads it, with UTC on hover and in the markup. */
function timeElement(iso: string, time: (ms: number) => string): HTMLTimeElement {
  return el('time', { datetime: iso, title: utcText(Date.parse(iso)) }, time(Date.parse(iso)));
}

/** Each attempt of a delivery: when, the receiver's status (or none), the error, how long it took. */
function attemptsTable(t: Translate, attempts: readonly DeliveryAttempt[], time: (ms: number) => string): HTMLElement {
  if (attempts.length === 0) return el('p', { class: 'delivery__none' }, t('webhooks.no-attempts'));
  const header = (key: string) => el('th', { scope: 'col' }, t(key));
  return el(
    'table',
    { class: 'delivery__attempts' },
    el('caption', {}, t('webhooks.attempts')),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        header('webhooks.attempt-time'),
        header('webhooks.attempt-status'),
        header('webhooks.attempt-error'),
        header('webhooks.attempt-duration'),
      ),
    ),
    el(
      'tbody',
      {},
      ...attempts.map((attempt) =>
        el(
          'tr',
          { 'data-status': attempt.statusCode ?? 'none' },
          el('td', {}, timeElement(attempt.at, time)),
          el('td', {}, attempt.statusCode === null ? t('webhooks.no-answer') : String(attempt.statusCode)),
          el('td', { dir: 'auto' }, attempt.error ?? ''),
          el('td', {}, t('webhooks.duration', { n: Math.round(attempt.durationMs) })),
        ),
      ),
    ),
  );
}

function deliveryItem(state: NewsroomState, delivery: Delivery, time: (ms: number) => string): HTMLLIElement {
  const { t } = state;
  const caravan = state.caravans.value.find((entry) => entry.caravan.id === delivery.caravanId)?.caravan.name;
  return el(
    'li',
    { class: 'delivery', 'data-delivery-id': delivery.id, 'data-state': delivery.state },
    el(
      'p',
      { class: 'delivery__head' },
      el('strong', { class: `delivery__state delivery__state--${delivery.state}` }, t(`webhooks.state.${delivery.state}`)),
      ' ',
      t('webhooks.delivery', {
        alert: delivery.alertId,
        caravan: caravan ?? delivery.caravanId,
        time: time(Date.parse(delivery.createdAt)),
      }),
    ),
    attemptsTable(t, delivery.attempts, time),
  );
}

/**
 * A webhook's delivery log, folded until opened (and read then, and on Refresh): each delivery's
 * state, and each attempt's time, status, error and duration, newest delivery first.
 */
export function deliveryLog(state: NewsroomState, webhookId: string, url: string): HTMLDetailsElement {
  const { t } = state;
  const time = timeFormatter(state.lang);
  const list = el('ol', { class: 'deliveries', 'data-field': 'deliveries' });
  const status = el('p', { class: 'deliveries__status', role: 'status' });
  const refresh = el(
    'button',
    {
      type: 'button',
      'data-action': 'refresh-deliveries',
      'aria-label': `${t('webhooks.log-refresh')}: ${t('webhooks.log-named', { url })}`,
    },
    t('webhooks.log-refresh'),
  );
  const load = async () => {
    status.textContent = t('webhooks.log-loading');
    try {
      const { deliveries } = await apiGet<{ deliveries: Delivery[] }>(
        `/api/v1/webhooks/${encodeURIComponent(webhookId)}/deliveries?limit=50`,
        state.token,
      );
      list.replaceChildren(...deliveries.map((delivery) => deliveryItem(state, delivery, time)));
      status.textContent = deliveries.length === 0 ? t('webhooks.log-empty') : '';
    } catch (failure) {
      status.textContent = t('webhooks.log-failed', { message: messageOf(failure) });
    }
  };
  refresh.addEventListener('click', () => void load());
  const details = el(
    'details',
    { class: 'webhook__log', 'data-field': 'delivery-log' },
    el('summary', { 'aria-label': t('webhooks.log-named', { url }) }, t('webhooks.log')),
    refresh,
    status,
    list,
  );
  details.addEventListener('toggle', () => {
    if (details.open) void load();
  });
  return details;
}
