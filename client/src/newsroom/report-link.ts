import { effect } from '@preact/signals-core';
import type { NewsroomState } from './state';

/** The caravan and fix a dashboard link names: `/?caravan=<id>&report=<reportId>` (an alert's `link`). */
export function linkTarget(href: string): { caravanId: string | null; reportId: string | null } {
  const params = new URL(href, location.href).searchParams;
  return { caravanId: params.get('caravan'), reportId: params.get('report') };
}

/**
 * `?report=<id>`: the fix an alert's link names is selected once its caravan's reports arrive (the
 * map flies to it and opens its popup; the list marks its row and scrolls to it), and the address
 * keeps naming the selected fix, so a reload or a copied address shows the same one. Links to
 * fixes in the page (the alert feed's) go there without a reload: `follow` is their click handler.
 */
export function mountReportLink(state: NewsroomState): { follow(event: MouseEvent, href: string): void } {
  const requested = linkTarget(location.href).reportId;
  if (requested) state.selectedReportId.value = requested;
  effect(() => {
    const reportId = state.selectedReportId.value;
    const url = new URL(location.href);
    if (url.searchParams.get('report') === reportId) return;
    if (reportId) url.searchParams.set('report', reportId);
    else url.searchParams.delete('report');
    history.replaceState(history.state, '', url);
  });
  return {
    follow(event, href) {
      // A new tab or window, as asked: the browser's own way.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const { caravanId, reportId } = linkTarget(href);
      if (!caravanId || !reportId) return;
      event.preventDefault();
      // The caravan first: opening another one closes the old popup, which clears the selection.
      state.caravanId.value = caravanId;
      state.selectedReportId.value = reportId;
    },
  };
}
