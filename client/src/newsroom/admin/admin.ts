import { el } from '../../lib/dom';
import type { NewsroomState } from '../state';
import { caravanCreateSection } from './caravan-create';
import { caravanSettingsSection } from './caravan-settings';
import { reporterCreateSection } from './reporter-create';
import { reporterListSection } from './reporter-list';
import { routeSection } from './route-upload';
import { staffCreateSection } from './staff-create';
import { webhooksSection } from './webhooks';

/** The admin's tools in one dialog: the open caravan's settings and route, new caravans and accounts. Admins only. */
export function mountAdmin(root: HTMLElement, state: NewsroomState): void {
  if (state.me.role !== 'admin') {
    root.remove();
    return;
  }
  const { t } = state;
  const settings = caravanSettingsSection(state);
  const reporters = reporterListSection(state);
  const webhooks = webhooksSection(state);
  const close = el('button', { type: 'button', class: 'dialog__close', 'data-action': 'close' }, t('close'));
  const dialog = el(
    'dialog',
    { class: 'dialog admin', 'aria-labelledby': 'admin-title', 'data-dialog': 'admin' },
    el('div', { class: 'dialog__head' }, el('h2', { id: 'admin-title' }, t('admin.title')), close),
    settings.element,
    routeSection(state),
    caravanCreateSection(state),
    reporters.element,
    reporterCreateSection(state),
    staffCreateSection(state),
    webhooks.element,
  );
  const open = el('button', { type: 'button', 'data-action': 'open-admin' }, t('admin.open'));
  open.addEventListener('click', () => {
    settings.refresh();
    void reporters.refresh();
    void webhooks.refresh();
    dialog.showModal();
  });
  close.addEventListener('click', () => dialog.close());
  root.hidden = false;
  root.append(open, dialog);
}
