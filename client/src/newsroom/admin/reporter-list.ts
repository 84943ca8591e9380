import type { Account, AccountList } from '@rumbo/shared';
import { apiGet } from '../../lib/api';
import { el } from '../../lib/dom';
import { isolated } from '../../lib/isolate';
import { formatAgo } from '../panel';
import type { NewsroomState } from '../state';
import { adminSection } from './form-kit';
import { phonePhase } from './reporter-phone-status';

/** One line on a reporter's phone: revoked, fixes held, alive without a fix, its last fix, or nothing yet. */
function phoneLine(account: Account, state: NewsroomState): string {
  const { t } = state;
  const phase = phonePhase(account);
  switch (phase.kind) {
    case 'revoked':
      return t('admin.phone-revoked');
    case 'no-current-caravan':
      return t('admin.phone-no-current-caravan');
    case 'alive-no-fix':
      return t('admin.phone-alive-no-fix', { ago: formatAgo(phase.at, t) });
    case 'last-fix':
      return t('admin.phone-last-fix', { ago: formatAgo(phase.at, t) });
    case 'silent':
      return t('admin.phone-silent');
  }
}

/**
 * The reporters who may post to the open caravan, each with what its phone last showed
 * (GET /api/v1/reporters). Loaded when the admin dialog opens.
 */
export function reporterListSection(state: NewsroomState): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = state;
  const list = el('ul', { class: 'reporter-list', 'data-field': 'reporter-list' });
  const error = el('p', { class: 'form__error', role: 'alert', 'data-field': 'reporter-list-error' });
  const refresh = async () => {
    error.textContent = '';
    const caravanId = state.caravanId.value;
    try {
      const { accounts } = await apiGet<AccountList>('/api/v1/reporters', state.token);
      const onCaravan = accounts.filter((account) => caravanId !== null && account.caravans.includes(caravanId));
      list.replaceChildren(
        ...(onCaravan.length === 0
          ? [el('li', { class: 'reporter-list__empty' }, t('admin.no-reporters'))]
          : onCaravan.map((account) =>
              el(
                'li',
                { 'data-reporter': account.id, 'data-phone': phonePhase(account).kind },
                el('strong', {}, isolated(account.name)),
                ' ',
                el('span', { class: 'reporter-list__phone' }, phoneLine(account, state)),
              ),
            )),
      );
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure);
    }
  };
  return { element: adminSection('reporter-list', t('admin.reporters'), list, error), refresh };
}
