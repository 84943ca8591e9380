import type { Caravan } from '@rumbo/shared';
import { apiSend } from '../../lib/api';
import { el } from '../../lib/dom';
import { refreshCaravans } from '../caravan-switcher';
import type { NewsroomState } from '../state';
import { adminSection, formMessages, labelled, onSubmit } from './form-kit';

/** A new caravan (POST /api/v1/caravans); the dashboard switches to it. */
export function caravanCreateSection(state: NewsroomState): HTMLElement {
  const { t } = state;
  const id = el('input', { name: 'id', required: true, pattern: '[a-z0-9\\-]{1,64}', maxlength: 64, autocomplete: 'off' });
  const name = el('input', { name: 'name', required: true, maxlength: 120 });
  const messages = formMessages();
  const form = el(
    'form',
    { class: 'form', 'data-form': 'caravan-create' },
    labelled(t('admin.caravan-id'), id, t('admin.caravan-id-hint')),
    labelled(t('admin.caravan-name'), name),
    el('button', { type: 'submit' }, t('admin.create-caravan')),
    messages.error,
    messages.done,
  );
  onSubmit(form, messages, t, async () => {
    const created = await apiSend<Caravan>('POST', '/api/v1/caravans', state.token, {
      id: id.value.trim(),
      name: name.value.trim(),
    });
    await refreshCaravans(state);
    state.caravanId.value = created.id;
    form.reset();
    return t('admin.caravan-created', { name: created.name });
  });
  return adminSection('caravan-create', t('admin.new-caravan'), form);
}
