import { el } from '../../lib/dom';
import type { NewsroomState } from '../state';
import { adminSection } from './form-kit';
import { webhookCreateForm } from './webhook-create';
import { webhookList } from './webhook-list';

/** The admin dialog's Webhooks: the list with each delivery log, and the form that adds one. */
export function webhooksSection(state: NewsroomState): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = state;
  const list = webhookList(state);
  const element = adminSection(
    'webhooks',
    t('webhooks.title'),
    el('p', { class: 'form__hint' }, t('webhooks.hint')),
    list.element,
    webhookCreateForm(state, list.refresh),
  );
  return { element, refresh: list.refresh };
}
