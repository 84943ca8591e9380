import { effect } from '@preact/signals-core';
import type { WebhookCreated, WebhookInput } from '@rumbo/shared';
import { apiSend } from '../../lib/api';
import { el, option } from '../../lib/dom';
import { isolatedText } from '../../lib/isolate';
import type { NewsroomState } from '../state';
import { showCredentials } from './credentials';
import { formMessages, labelled, onSubmit } from './form-kit';

function choice(value: 'every' | 'chosen', label: string, checked: boolean): HTMLLabelElement {
  return el('label', { class: 'form__check' }, el('input', { type: 'radio', name: 'scope', value, checked }), label);
}

/**
 * A new webhook (POST /api/v1/webhooks): its URL and every caravan or the ones chosen. Its signing
 * secret is shown once, with Copy, until the admin says it is saved. The server judges the URL
 * (https, not private unless allowed): its problems show under the fields.
 */
export function webhookCreateForm(state: NewsroomState, created: () => Promise<void>): HTMLElement {
  const { t } = state;
  const url = el('input', { name: 'url', type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', dir: 'ltr' });
  const caravans = el('select', { name: 'caravans', multiple: true, size: 4, disabled: true });
  const every = choice('every', t('webhooks.every'), true);
  const chosen = choice('chosen', t('webhooks.chosen'), false);
  const messages = formMessages();
  const secret = el('div', { 'data-field': 'webhook-secret' });
  const form = el(
    'form',
    { class: 'form', 'data-form': 'webhook-create', novalidate: true },
    labelled(t('webhooks.url'), url, t('webhooks.url-hint')),
    el('fieldset', { class: 'form__choices' }, el('legend', {}, t('webhooks.caravans')), every, chosen),
    labelled(t('webhooks.chosen-list'), caravans),
    el('button', { type: 'submit' }, t('webhooks.add')),
    messages.error,
    messages.done,
  );
  const everyCaravan = () => (form.elements.namedItem('scope') as RadioNodeList).value === 'every';
  form.addEventListener('change', () => (caravans.disabled = everyCaravan()));
  effect(() => {
    const open = state.caravanId.value;
    caravans.replaceChildren(
      ...state.caravans.value.map(({ caravan }) => option(caravan.id, isolatedText(caravan.name), caravan.id === open)),
    );
  });
  onSubmit(
    form,
    messages,
    t,
    async () => {
      const input: WebhookInput = {
        url: url.value.trim(),
        caravans: everyCaravan() ? null : [...caravans.selectedOptions].map((picked) => picked.value),
      };
      const webhook = await apiSend<WebhookCreated>('POST', '/api/v1/webhooks', state.token, input);
      showCredentials(
        secret,
        t('webhooks.secret-title'),
        [{ title: 'webhooks.signing', settings: [{ label: 'webhooks.secret', value: webhook.secret }] }],
        t,
        { once: 'webhooks.secret-once', saved: 'webhooks.secret-saved' },
      );
      form.reset();
      caravans.disabled = true;
      await created();
      return t('webhooks.added', { url: webhook.url });
    },
    {},
  );
  return el(
    'section',
    { class: 'webhook-create', 'aria-labelledby': 'webhook-create-title' },
    el('h4', { id: 'webhook-create-title' }, t('webhooks.new')),
    form,
    secret,
  );
}
