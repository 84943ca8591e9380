import { effect } from '@preact/signals-core';
import { downloadWithToken } from '../lib/download';
import { el } from '../lib/dom';
import { createEmbedDialog } from './embed-dialog';
import type { NewsroomState } from './state';

const FORMATS = [
  { format: 'geojson', label: 'GeoJSON' },
  { format: 'gpx', label: 'GPX' },
  { format: 'csv', label: 'CSV' },
] as const;

/** Export buttons (GeoJSON, GPX, CSV of the whole track) and the "Embed" dialog for the open caravan. */
export function mountExports(root: HTMLElement, state: NewsroomState): void {
  const { t } = state;
  const status = el('p', { class: 'exports__status', role: 'status', 'data-field': 'export-status' });
  const error = el('p', { class: 'exports__error', role: 'alert', 'data-field': 'export-error' });
  const embed = createEmbedDialog(state);
  const buttons = FORMATS.map(({ format, label }) => {
    const button = el(
      'button',
      { type: 'button', 'data-export': format, 'aria-label': t('exports.download', { format: label }) },
      label,
    );
    button.addEventListener('click', async () => {
      const caravanId = state.caravanId.value;
      if (!caravanId) return;
      const fileName = `${caravanId}-track.${format}`;
      button.disabled = true;
      status.textContent = t('exports.working', { format: label });
      error.textContent = '';
      const path = `/api/v1/caravans/${encodeURIComponent(caravanId)}/track.${format}`;
      try {
        status.textContent = t('exports.done', { file: await downloadWithToken(path, state.token, fileName) });
      } catch (failure) {
        status.textContent = '';
        error.textContent = t('exports.failed', {
          format: label,
          message: failure instanceof Error ? failure.message : String(failure),
        });
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  const embedButton = el('button', { type: 'button', 'data-action': 'open-embed' }, t('embed.open'));
  embedButton.addEventListener('click', () => embed.open());
  root.append(
    el('div', { class: 'exports__buttons', role: 'group', 'aria-label': t('exports.title') }, ...buttons, embedButton),
    status,
    error,
    embed.dialog,
  );
  effect(() => {
    const none = state.caravanId.value === null;
    for (const button of [...buttons, embedButton]) button.disabled = none;
  });
}
