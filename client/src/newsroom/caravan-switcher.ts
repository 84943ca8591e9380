import { effect } from '@preact/signals-core';
import type { CaravanSummary } from '@rumbo/shared';
import { apiGet } from '../lib/api';
import { option } from '../lib/dom';
import { isolatedText } from '../lib/isolate';
import type { NewsroomState } from './state';

/** Reloads the caravan list from the server (after one is created or renamed). */
export async function refreshCaravans(state: NewsroomState): Promise<void> {
  const { caravans } = await apiGet<{ caravans: CaravanSummary[] }>('/api/v1/caravans', state.token);
  state.caravans.value = caravans;
}

/** Writes `?caravan=<id>` into the address without a reload or a history entry, so a reload or a shared link opens it. */
function rememberInUrl(caravanId: string | null): void {
  const url = new URL(location.href);
  if (caravanId === null || url.searchParams.get('caravan') === caravanId) return;
  url.searchParams.set('caravan', caravanId);
  history.replaceState(history.state, '', url);
}

/** The caravan switcher: a select of every caravan; choosing one opens it. */
export function mountCaravanSwitcher(switcher: HTMLSelectElement, state: NewsroomState): void {
  switcher.addEventListener('change', () => (state.caravanId.value = switcher.value || null));
  effect(() => {
    const caravanId = state.caravanId.value;
    const caravans = state.caravans.value;
    const options = caravans.map(({ caravan }) =>
      option(
        caravan.id,
        caravan.status === 'archived'
          ? state.t('switcher.archived', { name: isolatedText(caravan.name) })
          : isolatedText(caravan.name),
      ),
    );
    // A caravan asked for by URL but not (or no longer) listed still shows what is open.
    if (caravanId !== null && !caravans.some(({ caravan }) => caravan.id === caravanId))
      options.unshift(option(caravanId, caravanId));
    switcher.replaceChildren(...options);
    switcher.value = caravanId ?? '';
    switcher.disabled = options.length === 0;
    rememberInUrl(caravanId);
  });
}
