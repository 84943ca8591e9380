import { effect } from '@preact/signals-core';
import type { CaravanSummary } from '@rumbo/shared';
import { formatDistance } from '../lib/units';
import { localeFor } from './format-time';
import { localTimeFormat } from './panel-format';
import type { NewsroomState } from './state';

/** Folded or unfolded, remembered for this tab's session. */
const SHEET_KEY = 'rumbo.sheet';

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "4:40 PM CST" today, "Jan 6, 4:40 PM CST" another day: short enough for one line on a phone. */
function shortTime(at: Date, locale: string): string {
  if (at.toDateString() !== new Date().toDateString()) return localTimeFormat(locale).format(at);
  let format = clockFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    clockFormats.set(locale, format);
  }
  return format.format(at);
}

/**
 * The headline in one line, for the folded sheet: the distance that leads the panel (what is left
 * of the route, else the straight line to the border) and when the latest fix was taken.
 */
export function sheetSummary(summary: CaravanSummary | null, state: Pick<NewsroomState, 't' | 'lang' | 'units'>): string {
  const { t } = state;
  const metrics = summary?.metrics;
  if (!metrics?.lastReportAt) return t('panel.no-reports');
  const locale = localeFor(state.lang);
  const routeLeftKm = metrics.routeRemainingKm ?? null;
  const distance = formatDistance(routeLeftKm ?? metrics.distanceToBorderKm, state.units.value, locale);
  const time = shortTime(new Date(metrics.lastReportAt), locale);
  const where = t(routeLeftKm === null ? 'sheet.straight-line' : 'sheet.route-left', { distance });
  return `${where} · ${t('sheet.latest', { time })}`;
}

/**
 * On a phone the panel is a bottom sheet (the layout is CSS's, newsroom.css): its header stays,
 * with a one-line summary when folded, and the Details button folds and unfolds the rest. On wider
 * screens the button and the summary are not shown and the panel is always whole.
 */
export function mountPanelSheet(panel: HTMLElement, state: NewsroomState): void {
  const toggle = panel.querySelector<HTMLButtonElement>('[data-action="toggle-sheet"]')!;
  const summaryLine = panel.querySelector<HTMLElement>('[data-field="sheet-summary"]')!;
  const unfold = (expanded: boolean) => {
    panel.dataset.sheet = expanded ? 'expanded' : 'collapsed';
    toggle.setAttribute('aria-expanded', String(expanded));
    sessionStorage.setItem(SHEET_KEY, panel.dataset.sheet);
  };
  // Folded by default: the map is what a phone has room for, the headline rides along in the summary.
  unfold(sessionStorage.getItem(SHEET_KEY) === 'expanded');
  toggle.addEventListener('click', () => unfold(panel.dataset.sheet !== 'expanded'));
  // A link to a part of the folded sheet (a skip link) unfolds it first, so that its target is
  // shown and takes focus: captured before the browser follows the link.
  const head = panel.querySelector('.panel__head')!;
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      const target = link ? document.getElementById(decodeURIComponent(link.getAttribute('href')!.slice(1))) : null;
      if (target && panel.contains(target) && !head.contains(target)) unfold(true);
    },
    true,
  );
  effect(() => {
    const text = sheetSummary(state.viewSummary.value, state);
    // Playback redraws every frame: touch the page only when the words change.
    if (summaryLine.textContent !== text) summaryLine.textContent = text;
  });
}
