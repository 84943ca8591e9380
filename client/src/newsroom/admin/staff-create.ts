import type { AccountCreated, StaffInput } from '@rumbo/shared';
import { apiSend } from '../../lib/api';
import { el, option } from '../../lib/dom';
import type { NewsroomState } from '../state';
import { showCredentials } from './credentials';
import { adminSection, formMessages, labelled, onSubmit } from './form-kit';
import { staffSettings } from './phone-settings';

/** A new newsroom account, editor or viewer (POST /api/v1/staff): its token shown once. */
export function staffCreateSection(state: NewsroomState): HTMLElement {
  const { t } = state;
  const name = el('input', { name: 'name', required: true, maxlength: 120, autocomplete: 'off' });
  const role = el('select', { name: 'role' }, option('editor', t('role.editor')), option('viewer', t('role.viewer')));
  const messages = formMessages();
  const secrets = el('div', { 'data-field': 'staff-credentials' });
  const form = el(
    'form',
    { class: 'form', 'data-form': 'staff-create' },
    labelled(t('admin.staff-name'), name),
    labelled(t('admin.staff-role'), role, t('admin.staff-role-hint')),
    el('button', { type: 'submit' }, t('admin.create-staff')),
    messages.error,
    messages.done,
  );
  onSubmit(form, messages, t, async () => {
    const input: StaffInput = { name: name.value.trim(), role: role.value === 'viewer' ? 'viewer' : 'editor' };
    const created = await apiSend<AccountCreated>('POST', '/api/v1/staff', state.token, input);
    showCredentials(secrets, t('credentials.staff-title', { name: created.name }), staffSettings(location.origin, created), t);
    form.reset();
    return t('admin.staff-created', { name: created.name });
  });
  return adminSection('staff-create', t('admin.new-staff'), form, secrets);
}
