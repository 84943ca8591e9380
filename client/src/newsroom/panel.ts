import { isDoubted } from '@rumbo/shared/track';
import { effect, signal } from '@preact/signals-core';
import type { CaravanSummary } from '@rumbo/shared';
import { formatDistance } from '../lib/units';
import { mountAdmin } from './admin/admin';
import { mountCaravanSwitcher } from './caravan-switcher';
import { mountDistanceChart } from './distance-chart';
import { mountExports } from './exports';
import { localeFor, utcText } from './format-time';
import { mountPanelFooter } from './panel-footer';
import { etaText, formatPercent, formatSpeed, freshnessOf, localTimeFormat } from './panel-format';
import { loadReporterNames } from './reporter-names';
import { mountReportsList } from './reports-list';
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

/** The headline numbers, all from the summary of the moment shown (live, or the replayed one). */
function renderMetrics(root: HTMLElement, state: NewsroomState, summary: CaravanSummary | null): void {
  const { t } = state;
  const locale = localeFor(state.lang);
  const units = state.units.value;
  const metrics = summary?.metrics ?? null;
  const distance = (km: number | null | undefined) => formatDistance(km ?? null, units, locale);
  field(root, 'distance').textContent = distance(metrics?.distanceToBorderKm);
  field(root, 'crossing').textContent = metrics?.nearestCrossing
    ? `${metrics.nearestCrossing.name} (${distance(metrics.nearestCrossing.distanceKm)})`
    : '–';
  field(root, 'traveled').textContent = distance(metrics?.traveledKm);
  field(root, 'speed').textContent = formatSpeed(metrics?.speedKmPerDay ?? null, units, locale, t);
  const eta = summary ? etaText(summary, locale, t) : { value: '–', reason: null };
  field(root, 'eta').textContent = eta.value;
  field(root, 'eta-reason').textContent = eta.reason ?? '';
  field(root, 'route-remaining').textContent = distance(metrics?.routeRemainingKm);
  field(root, 'route-remaining').parentElement!.hidden = (metrics?.routeRemainingKm ?? null) === null;
  const progress = field(root, 'progress') as HTMLProgressElement;
  const progressPct = metrics?.progressPct ?? null;
  // An empty bar, not the browser's animated "working" bar, when there is no progress to show.
  progress.value = progressPct ?? 0;
  field(root, 'progress-text').textContent = progressPct === null ? '–' : formatPercent(progressPct, locale);
  field(root, 'report-count').textContent = summary ? String(summary.reportCount) : '–';
  field(root, 'demo').hidden = summary?.latest?.source !== 'demo';
}

/** Hidden and flagged reports among those shown: the server's count includes them. */
function renderBreakdown(root: HTMLElement, state: NewsroomState): void {
  let hidden = 0;
  let flagged = 0;
  for (const report of state.viewReports.value) {
    if (report.hidden) hidden++;
    else if (isDoubted(report)) flagged++;
  }
  const parts = [
    hidden ? state.t('panel.hidden-count', { n: hidden }) : '',
    flagged ? state.t('panel.flagged-count', { n: flagged }) : '',
  ];
  field(root, 'report-breakdown').textContent = parts.filter(Boolean).join(' · ');
}

/** "12 min ago (Jan 6, 4:40 PM CST)", coloured by age, with UTC on hover. */
function renderFreshness(root: HTMLElement, state: NewsroomState): void {
  const lastReportAt = state.viewSummary.value?.metrics.lastReportAt ?? null;
  const element = field(root, 'last-report');
  if (!lastReportAt) {
    element.textContent = state.t('panel.no-reports');
    element.title = '';
    delete element.dataset.freshness;
    return;
  }
  // In replay, "ago" is measured from the moment shown, not from now.
  const now = state.replayAt.value ?? Date.now();
  const time = localTimeFormat(localeFor(state.lang)).format(new Date(lastReportAt));
  const text = `${formatAgo(lastReportAt, state.t, now)} (${time})`;
  // Playback moves the moment every frame: touch the page only when the words change.
  if (element.textContent !== text) element.textContent = text;
  element.title = utcText(Date.parse(lastReportAt));
  element.dataset.freshness = freshnessOf(lastReportAt, now);
}

/** The side panel: headline numbers, freshness, chart, reports, exports, admin. Text only, never HTML. */
export function createPanel(root: HTMLElement, state: NewsroomState): void {
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;
  mountCaravanSwitcher(field(root, 'caravan-select') as HTMLSelectElement, state);
  mountDistanceChart(field(root, 'chart'), state);
  mountReportsList(part('reports'), state);
  mountExports(part('exports'), state);
  mountAdmin(part('admin'), state);
  mountPanelFooter(part('footer'), state);
  void loadReporterNames(state);

  // The list starts empty before the server has answered: only a later empty list means "none".
  const caravansLoaded = signal(false);
  let firstList = true;
  effect(() => {
    void state.caravans.value;
    if (!firstList) caravansLoaded.value = true;
    firstList = false;
  });

  setInterval(() => renderFreshness(root, state), 30_000);
  effect(() => {
    const summary = state.viewSummary.value;
    const noCaravans = caravansLoaded.value && state.caravans.value.length === 0;
    const listed = state.caravans.value.find((entry) => entry.caravan.id === state.caravanId.value);
    const name = summary?.caravan.name ?? listed?.caravan.name;
    if (name) field(root, 'caravan-name').textContent = name;
    else if (noCaravans) field(root, 'caravan-name').textContent = state.t('panel.no-caravans');
    renderMetrics(root, state, summary);
    if (summary || noCaravans) root.hidden = false;
  });
  effect(() => renderFreshness(root, state));
  effect(() => renderBreakdown(root, state));
  effect(() => {
    const element = field(root, 'connection');
    element.textContent = state.t(`connection.${state.connection.value}`);
    element.dataset.state = state.connection.value;
  });
}
