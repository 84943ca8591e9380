import type { Caravan, CaravanPatch } from '@rumbo/shared';
import { apiSend } from '../../lib/api';
import { el, option } from '../../lib/dom';
import { refreshCaravans } from '../caravan-switcher';
import type { NewsroomState } from '../state';
import { adminSection, formMessages, labelled, onSubmit } from './form-kit';

/** The open caravan's name, status and public settings (PATCH /api/v1/caravans/:id). */
export function caravanSettingsSection(state: NewsroomState): { element: HTMLElement; refresh(): void } {
  const { t } = state;
  const name = el('input', { name: 'name', required: true, maxlength: 120 });
  const status = el(
    'select',
    { name: 'status' },
    option('active', t('admin.status-active')),
    option('archived', t('admin.status-archived')),
  );
  const delay = el('input', { name: 'delayMinutes', type: 'number', min: 0, max: 7 * 24 * 60, step: 1, required: true });
  const precision = el('input', { name: 'precisionKm', type: 'number', min: 0.5, max: 100, step: 0.1, required: true });
  const showNotes = el('input', { name: 'showNotes', type: 'checkbox' });
  const messages = formMessages();
  const form = el(
    'form',
    { class: 'form', 'data-form': 'caravan-settings' },
    labelled(t('admin.caravan-name'), name),
    labelled(t('admin.status'), status),
    el('h4', {}, t('admin.public-title')),
    el('p', { class: 'form__hint' }, t('admin.public-hint')),
    labelled(t('admin.delay'), delay, t('admin.delay-hint')),
    labelled(t('admin.precision'), precision, t('admin.precision-hint')),
    el('label', { class: 'form__check' }, showNotes, t('admin.show-notes')),
    el('button', { type: 'submit' }, t('save')),
    messages.error,
    messages.done,
  );

  const current = (): Caravan | null => state.summary.value?.caravan ?? null;
  const refresh = () => {
    const caravan = current();
    for (const control of form.querySelectorAll<HTMLInputElement>('input, select, button')) control.disabled = !caravan;
    if (!caravan) return;
    name.value = caravan.name;
    status.value = caravan.status;
    delay.value = String(caravan.public.delayMinutes);
    precision.value = String(caravan.public.precisionKm);
    showNotes.checked = caravan.public.showNotes;
  };
  onSubmit(form, messages, t, async () => {
    const caravan = current();
    if (!caravan) throw new Error(t('admin.no-caravan'));
    const patch: CaravanPatch = {
      name: name.value.trim(),
      status: status.value === 'archived' ? 'archived' : 'active',
      public: { delayMinutes: delay.valueAsNumber, precisionKm: precision.valueAsNumber, showNotes: showNotes.checked },
    };
    await apiSend<Caravan>('PATCH', `/api/v1/caravans/${encodeURIComponent(caravan.id)}`, state.token, patch);
    // The switcher shows names and statuses: reload it (the summary itself arrives by push).
    await refreshCaravans(state);
    return t('admin.saved');
  });
  return { element: adminSection('caravan-settings', t('admin.settings-title'), form), refresh };
}
