import { effect } from '@preact/signals-core';
import type { Caravan, RouteLine } from '@rumbo/shared';
import { geodesicDistanceKm } from '@rumbo/shared/geo';
import { apiSend } from '../../lib/api';
import { el } from '../../lib/dom';
import { formatDistance } from '../../lib/units';
import { localeFor } from '../format-time';
import type { NewsroomState } from '../state';
import { adminSection, formMessages, labelled, messageOf } from './form-kit';
import { routeFromGeoJson } from './route-file';

/** A route's length on the ellipsoid, segment by segment. */
function routeLengthKm(route: RouteLine): number {
  let km = 0;
  for (let i = 1; i < route.coordinates.length; i++) km += geodesicDistanceKm(route.coordinates[i - 1]!, route.coordinates[i]!);
  return km;
}

/** The planned route: upload a GeoJSON file (checked here first, with a clear message) or remove it. */
export function routeSection(state: NewsroomState): HTMLElement {
  const { t } = state;
  const describe = (route: RouteLine | undefined) =>
    route
      ? t('route.current', {
          n: route.coordinates.length,
          length: formatDistance(routeLengthKm(route), state.units.value, localeFor(state.lang)),
        })
      : t('route.none');
  const current = el('p', { 'data-field': 'route-current' });
  const file = el('input', { type: 'file', name: 'route', accept: '.geojson,.json,application/geo+json,application/json' });
  const remove = el('button', { type: 'button', 'data-action': 'remove-route' }, t('route.remove'));
  const messages = formMessages();

  const patchRoute = async (route: RouteLine | null): Promise<void> => {
    const caravanId = state.caravanId.value;
    if (!caravanId) throw new Error(t('admin.no-caravan'));
    await apiSend<Caravan>('PATCH', `/api/v1/caravans/${encodeURIComponent(caravanId)}`, state.token, { route });
  };
  const run = async (work: () => Promise<string>) => {
    messages.error.textContent = '';
    messages.done.textContent = '';
    try {
      messages.done.textContent = await work();
    } catch (failure) {
      messages.error.textContent = t('admin.refused', { message: messageOf(failure) });
    }
  };

  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    void run(async () => {
      const result = routeFromGeoJson(await chosen.text());
      file.value = '';
      if ('error' in result) throw new Error(t(result.error, { file: chosen.name, ...result.values }));
      await patchRoute(result.route);
      return t('route.uploaded', { file: chosen.name, route: describe(result.route) });
    });
  });
  remove.addEventListener('click', () =>
    run(async () => {
      await patchRoute(null);
      return t('route.removed');
    }),
  );
  effect(() => {
    const route = state.summary.value?.caravan.route;
    current.textContent = describe(route);
    remove.disabled = !route;
  });
  return adminSection(
    'route',
    t('route.title'),
    current,
    el('p', { class: 'form__hint' }, t('route.hint')),
    labelled(t('route.file'), file),
    remove,
    messages.error,
    messages.done,
  );
}
