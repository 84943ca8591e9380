import type { Webhook } from '@rumbo/shared';
import { apiDelete, apiGet } from '../../lib/api';
import { el } from '../../lib/dom';
import { isolatedText } from '../../lib/isolate';
import { confirmStep } from '../confirm-step';
import { timeFormatter } from '../format-time';
import type { NewsroomState } from '../state';
import { deliveryLog } from './delivery-log';
import { messageOf } from './form-kit';

/** "every caravan", or the caravans' names (ids where a name is not known). */
function caravansText(state: NewsroomState, caravans: readonly string[] | null): string {
  if (caravans === null) return state.t('webhooks.all-caravans');
  const names = new Map(state.caravans.value.map(({ caravan }) => [caravan.id, caravan.name]));
  return caravans.map((id) => isolatedText(names.get(id) ?? id)).join(', ');
}

/**
 * The webhooks (admin): each one's URL, the caravans it gets alerts of, its delivery log, and a
 * Delete that asks first. Secrets are never here: the server shows them only once, at creation.
 */
export function webhookList(state: NewsroomState): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = state;
  const time = timeFormatter(state.lang);
  const list = el('ul', { class: 'webhooks__list', 'data-field': 'webhook-list', 'aria-label': t('webhooks.list') });
  const status = el('p', { class: 'form__done', role: 'status', 'data-field': 'webhooks-status' });
  const error = el('p', { class: 'form__error', role: 'alert', 'data-field': 'webhooks-error' });

  function item(webhook: Webhook): HTMLLIElement {
    const remove = el(
      'button',
      { type: 'button', 'data-action': 'delete-webhook', 'aria-label': t('webhooks.delete-named', { url: webhook.url }) },
      t('webhooks.delete'),
    );
    confirmStep(t, remove, t('webhooks.delete-confirm'), async () => {
      error.textContent = status.textContent = '';
      try {
        await apiDelete(`/api/v1/webhooks/${encodeURIComponent(webhook.id)}`, state.token);
        status.textContent = t('webhooks.deleted', { url: webhook.url });
      } catch (failure) {
        error.textContent = t('admin.refused', { message: messageOf(failure) });
      }
      await refresh();
      list.querySelector<HTMLElement>('[data-action="delete-webhook"]')?.focus();
    });
    return el(
      'li',
      { class: 'webhook', 'data-webhook-id': webhook.id },
      el('p', { class: 'webhook__url', dir: 'ltr' }, webhook.url),
      el(
        'p',
        { class: 'webhook__about' },
        t('webhooks.for', { caravans: caravansText(state, webhook.caravans) }),
        ' · ',
        t('webhooks.created', { time: time(Date.parse(webhook.createdAt)) }),
      ),
      remove,
      deliveryLog(state, webhook.id, webhook.url),
    );
  }

  const refresh = async () => {
    try {
      const { webhooks } = await apiGet<{ webhooks: Webhook[] }>('/api/v1/webhooks', state.token);
      list.replaceChildren(...webhooks.map(item));
      if (webhooks.length === 0) list.append(el('li', { class: 'webhooks__none' }, t('webhooks.none')));
    } catch (failure) {
      error.textContent = messageOf(failure);
    }
  };
  return { element: el('div', { class: 'webhooks' }, list, status, error), refresh };
}
