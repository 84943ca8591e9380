import { effect } from '@preact/signals-core';
import type { AccountCreated, ReporterInput } from '@rumbo/shared';
import { apiSend } from '../../lib/api';
import { el, option } from '../../lib/dom';
import { isolatedText } from '../../lib/isolate';
import type { NewsroomState } from '../state';
import { showCredentials } from './credentials';
import { adminSection, formMessages, labelled, onSubmit } from './form-kit';
import { reporterSettings } from './phone-settings';

/** A new field reporter (POST /api/v1/reporters): token, device id and phone-app settings shown once. */
export function reporterCreateSection(state: NewsroomState): HTMLElement {
  const { t } = state;
  const name = el('input', { name: 'name', required: true, maxlength: 120, autocomplete: 'off' });
  const caravans = el('select', { name: 'caravans', multiple: true, required: true, size: 4 });
  const messages = formMessages();
  const secrets = el('div', { 'data-field': 'reporter-credentials' });
  const form = el(
    'form',
    { class: 'form', 'data-form': 'reporter-create' },
    labelled(t('admin.reporter-name'), name, t('admin.reporter-name-hint')),
    labelled(t('admin.reporter-caravans'), caravans, t('admin.reporter-caravans-hint')),
    el('button', { type: 'submit' }, t('admin.create-reporter')),
    messages.error,
    messages.done,
  );
  effect(() => {
    const open = state.caravanId.value;
    caravans.replaceChildren(
      ...state.caravans.value.map(({ caravan }) => option(caravan.id, isolatedText(caravan.name), caravan.id === open)),
    );
  });
  onSubmit(form, messages, t, async () => {
    const input: ReporterInput = {
      name: name.value.trim(),
      caravans: [...caravans.selectedOptions].map((chosen) => chosen.value),
    };
    const created = await apiSend<AccountCreated>('POST', '/api/v1/reporters', state.token, input);
    state.reporterNames.value = { ...state.reporterNames.value, [created.id]: created.name };
    showCredentials(
      secrets,
      t('credentials.reporter-title', { name: created.name }),
      reporterSettings(location.origin, created),
      t,
    );
    form.reset();
    return t('admin.reporter-created', { name: created.name });
  });
  return adminSection('reporter-create', t('admin.new-reporter'), form, secrets);
}
