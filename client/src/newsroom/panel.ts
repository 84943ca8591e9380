import { effect } from '@preact/signals-core';
import { formatDistance } from '../lib/units';
import type { NewsroomState } from './state';

function field(root: HTMLElement, name: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!element) throw new Error(`panel field ${name} is missing from the page`);
  return element;
}

/** "4 min ago", "3 h ago", "2 days ago": how fresh a fix is, relative to now. */
export function formatAgo(iso: string, t: NewsroomState['t'], now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('time.just-now');
  if (minutes < 60) return t('time.minutes-ago', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('time.hours-ago', { n: hours });
  return t('time.days-ago', { n: Math.round(hours / 24) });
}

/** The side panel: headline numbers, freshness and connection state. Text only, never HTML. */
export function createPanel(root: HTMLElement, state: NewsroomState): void {
  const { t, lang } = state;
  const locale = lang === 'es' ? 'es-MX' : 'en-US';
  const timeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const renderFreshness = () => {
    const lastReportAt = state.viewSummary.value?.metrics.lastReportAt ?? null;
    const lastReport = field(root, 'last-report');
    lastReport.textContent = lastReportAt
      ? `${formatAgo(lastReportAt, t)} (${timeFormat.format(new Date(lastReportAt))})`
      : t('panel.no-reports');
    lastReport.title = lastReportAt ? `${lastReportAt.replace('T', ' ').slice(0, 16)} UTC` : '';
  };
  setInterval(renderFreshness, 30_000);
  effect(() => {
    const summary = state.viewSummary.value;
    const units = state.units.value;
    if (!summary) {
      if (state.caravans.value.length === 0) {
        field(root, 'caravan-name').textContent = t('panel.no-caravans');
        root.hidden = false;
      }
      return;
    }
    const { metrics, caravan, latest } = summary;
    field(root, 'caravan-name').textContent = caravan.name;
    field(root, 'distance').textContent = formatDistance(metrics.distanceToBorderKm, units, locale);
    field(root, 'crossing').textContent = metrics.nearestCrossing
      ? `${metrics.nearestCrossing.name} (${formatDistance(metrics.nearestCrossing.distanceKm, units, locale)})`
      : '–';
    field(root, 'traveled').textContent = formatDistance(metrics.traveledKm, units, locale);
    field(root, 'report-count').textContent = String(summary.reportCount);
    field(root, 'demo').hidden = latest?.source !== 'demo';
    renderFreshness();
    root.hidden = false;
  });
  effect(() => {
    const element = field(root, 'connection');
    element.textContent = t(`connection.${state.connection.value}`);
    element.dataset.state = state.connection.value;
  });
}
