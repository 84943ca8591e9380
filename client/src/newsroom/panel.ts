import { isDoubted } from '@rumbo/shared/track';
import { effect, signal } from '@preact/signals-core';
import type { CaravanSummary } from '@rumbo/shared';
import { placeText } from '../lib/place-text';
import { formatDistance } from '../lib/units';
import { mountAdmin } from './admin/admin';
import { mountCaravanSwitcher } from './caravan-switcher';
import { mountDistanceAnnouncer } from './distance-announcer';
import { mountDistanceChart } from './distance-chart';
import { mountExports } from './exports';
import { mountHeadcountChart } from './headcount-chart';
import { localeFor, utcText } from './format-time';
import { mountPanelFooter } from './panel-footer';
import { etaText, formatCount, formatPercent, formatSpeed, freshnessOf, localTimeFormat } from './panel-format';
import { loadReporterNames } from './reporter-names';
import { mountReportsList } from './reports-list';
import type { NewsroomState } from './state';

function field(root: HTMLElement, name: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!element) throw new Error(`panel field ${name} is missing from the page`);
  return element;
}

const part = (root: HTMLElement, name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`)!;

/** "4 min ago", "3 h ago", "2 days ago": how fresh a fix is, relative to now. */
export function formatAgo(iso: string, t: NewsroomState['t'], now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('time.just-now');
  if (minutes < 60) return t('time.minutes-ago', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('time.hours-ago', { n: hours });
  return t('time.days-ago', { n: Math.round(hours / 24) });
}

/** Puts a line's words around its figure: the template's `{distance}` is the figure's own element. Text only. */
function wordsAround(line: HTMLElement, template: string, figure: HTMLElement): void {
  const [before = '', after = ''] = template.split('{distance}');
  line.replaceChildren(before, figure, after);
}

/**
 * The headline: with a planned route, what is left of it leads, then the straight line to the
 * border (named as such); without one, the straight line alone. Where the latest fix is, under it.
 */
function renderHeadline(root: HTMLElement, state: NewsroomState, summary: CaravanSummary | null): void {
  const { t } = state;
  const metrics = summary?.metrics ?? null;
  const distance = (km: number | null | undefined) => formatDistance(km ?? null, state.units.value, localeFor(state.lang));
  const routeLeftKm = metrics?.routeRemainingKm ?? null;
  const routeLine = part(root, 'route-line');
  const straightLine = part(root, 'straight-line');
  field(root, 'route-remaining').textContent = distance(routeLeftKm);
  field(root, 'distance').textContent = distance(metrics?.distanceToBorderKm);
  wordsAround(routeLine, t('panel.route-left'), field(root, 'route-remaining'));
  wordsAround(straightLine, t('panel.straight-line'), field(root, 'distance'));
  routeLine.hidden = routeLeftKm === null;
  straightLine.hidden = (metrics?.distanceToBorderKm ?? null) === null;
  field(root, 'headline').dataset.basis = routeLeftKm === null ? 'straight-line' : 'route';
  const place = summary?.latest?.metrics.place;
  const placeLine = field(root, 'place');
  const where = placeText(place, localeFor(state.lang));
  placeLine.textContent = where ?? '';
  placeLine.hidden = !where;
}

/** The estimate, with its basis in the title (hover) and as the description of a focusable figure (keyboard). */
function renderEta(root: HTMLElement, state: NewsroomState, summary: CaravanSummary | null): void {
  const eta = summary
    ? etaText(summary, state.units.value, localeFor(state.lang), state.t)
    : { value: '–', basis: null, reason: null };
  const figure = field(root, 'eta');
  figure.textContent = eta.value;
  field(root, 'eta-basis').textContent = eta.basis ?? '';
  field(root, 'eta-reason').textContent = eta.reason ?? '';
  if (eta.basis) {
    figure.title = eta.basis;
    figure.tabIndex = 0;
    figure.setAttribute('aria-describedby', field(root, 'eta-basis').id);
  } else {
    for (const name of ['title', 'tabindex', 'aria-describedby']) figure.removeAttribute(name);
  }
}

/** The headline numbers, all from the summary of the moment shown (live, or the replayed one). */
function renderMetrics(root: HTMLElement, state: NewsroomState, summary: CaravanSummary | null): void {
  const { t } = state;
  const locale = localeFor(state.lang);
  const units = state.units.value;
  const metrics = summary?.metrics ?? null;
  const distance = (km: number | null | undefined) => formatDistance(km ?? null, units, locale);
  renderHeadline(root, state, summary);
  field(root, 'crossing').textContent = metrics?.nearestCrossing
    ? `${metrics.nearestCrossing.name} (${distance(metrics.nearestCrossing.distanceKm)})`
    : '–';
  field(root, 'traveled').textContent = distance(metrics?.traveledKm);
  field(root, 'speed').textContent = formatSpeed(metrics?.speedKmPerDay ?? null, units, locale, t);
  renderEta(root, state, summary);
  const progress = field(root, 'progress') as HTMLProgressElement;
  const progressPct = metrics?.progressPct ?? null;
  // An empty bar, not the browser's animated "working" bar, when there is no progress to show.
  progress.value = progressPct ?? 0;
  field(root, 'progress-text').textContent = progressPct === null ? '–' : formatPercent(progressPct, locale);
  field(root, 'report-count').textContent = summary ? formatCount(summary.reportCount, locale) : '–';
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

/**
 * The badge says how the page is connected; while it is not live the figures are dimmed (CSS, by
 * the panel's `data-connection`) and the panel is described by a note saying they may be out of
 * date, until the next snapshot brings them up to date.
 */
function renderConnection(root: HTMLElement, state: NewsroomState): void {
  const connection = state.connection.value;
  const badge = field(root, 'connection');
  badge.textContent = state.t(`connection.${connection}`);
  badge.dataset.state = connection;
  root.dataset.connection = connection;
  const note = field(root, 'stale-note');
  note.hidden = connection === 'live';
  if (connection === 'live') root.removeAttribute('aria-describedby');
  else root.setAttribute('aria-describedby', note.id);
}

/** The side panel: headline numbers, freshness, chart, reports, exports, admin. Text only, never HTML. */
export function createPanel(root: HTMLElement, state: NewsroomState): void {
  mountCaravanSwitcher(field(root, 'caravan-select') as HTMLSelectElement, state);
  mountDistanceChart(field(root, 'chart'), state);
  mountHeadcountChart(field(root, 'headcount-chart'), state);
  mountReportsList(part(root, 'reports'), state);
  mountExports(part(root, 'exports'), state);
  mountAdmin(part(root, 'admin'), state);
  mountPanelFooter(part(root, 'footer'), state);
  // The page's one live region for the figures: distance moves, never the report count.
  mountDistanceAnnouncer(root, state);
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
  effect(() => renderConnection(root, state));
}
