import type { Report } from '@rumbo/shared';
import { apiSend } from '../lib/api';
import type { NewsroomState } from './state';

/** Reports with a hide or restore on its way, so a double click sends one request. */
const pending = new Set<string>();

/**
 * Hides or restores one report from its row's button; every open dashboard hears of it from the
 * server. A failure is shown in `error` (the API's message) and the button comes back. While the
 * request is on its way the button is marked busy, not disabled: a disabled button loses focus,
 * and a keyboard would be sent back to the top of the page.
 */
export async function moderateFromRow(
  state: NewsroomState,
  report: Report,
  button: HTMLButtonElement,
  error: HTMLElement,
): Promise<void> {
  if (pending.has(report.id)) return;
  const hidden = button.dataset.action === 'hide';
  pending.add(report.id);
  button.setAttribute('aria-disabled', 'true');
  try {
    const path = `/api/v1/caravans/${encodeURIComponent(report.caravanId)}/reports/${encodeURIComponent(report.id)}`;
    // The answer is the updated report: apply it now rather than wait for the push.
    state.upsertReport(await apiSend<Report>('PATCH', path, state.token, { hidden }));
    error.textContent = '';
  } catch (failure) {
    error.textContent = state.t(hidden ? 'reports.hide-failed' : 'reports.restore-failed', {
      message: failure instanceof Error ? failure.message : String(failure),
    });
    button.removeAttribute('aria-disabled');
  } finally {
    pending.delete(report.id);
  }
}
