import { effect, signal } from '@preact/signals-core';
import type { Report } from '@rumbo/shared';
import { el } from '../lib/dom';
import { localeFor } from './format-time';
import { localTimeFormat } from './panel-format';
import { moderateFromRow } from './report-moderation';
import { reportRow, type RowContext } from './report-row';
import { reporterName } from './reporter-names';
import { DEFAULT_FILTER, newestMatching, reporterIdsOf, type ReportFilter } from './reports-filter';
import { filterForm } from './reports-filter-form';
import type { NewsroomState } from './state';

/** Rows drawn at once, and added by "show more": enough to read, few enough that 10,000 reports stay smooth. */
export const REPORTS_PAGE = 200;
/** The User Timing name of the last list redraw (DevTools' performance panel shows it; tests read it). */
export const RENDER_MEASURE = 'rumbo:reports-list';

/**
 * Puts exactly `rows` in `list`, in order, moving only what changed: a new report on top is one
 * insertion, not 200 rows taken out and put back (and laid out again).
 */
function placeRows(list: HTMLElement, rows: readonly HTMLElement[]): void {
  rows.forEach((row, index) => {
    const current = list.children[index];
    if (current !== row) list.insertBefore(row, current ?? null);
  });
  while (list.children.length > rows.length) list.lastElementChild!.remove();
}

/** Where focus was in the list before a redraw: which report's row, which of its buttons, at what place. */
interface ListFocus {
  element: HTMLElement;
  reportId: string;
  /** The row's button class: `report__select` or `report__moderate`. */
  part: string;
  index: number;
}

function focusIn(list: HTMLElement): ListFocus | null {
  const element = document.activeElement;
  if (!(element instanceof HTMLElement) || !list.contains(element)) return null;
  const row = element.closest<HTMLElement>('[data-report-id]')!;
  const part = element.classList.contains('report__moderate') ? 'report__moderate' : 'report__select';
  return { element, reportId: row.dataset.reportId!, part, index: [...list.children].indexOf(row) };
}

/**
 * Puts focus back where a redraw took it from: a row rebuilt (its report hidden or restored) has
 * its own new button focused, Hide having become Restore; a row gone from the list (hidden under
 * the "Visible" filter) hands focus to the row now in its place, else the one above, else to
 * `fallback`. Never to the page's body, where a keyboard would start over from the top.
 */
function restoreFocus(list: HTMLElement, was: ListFocus, fallback: HTMLElement): void {
  if (document.activeElement === was.element) return;
  if (list.contains(was.element)) return was.element.focus();
  const rows = list.children as HTMLCollectionOf<HTMLElement>;
  const row =
    [...rows].find((candidate) => candidate.dataset.reportId === was.reportId) ?? rows[Math.min(was.index, rows.length - 1)];
  (row?.querySelector<HTMLElement>(`.${was.part}`) ?? row?.querySelector<HTMLElement>('.report__select') ?? fallback).focus();
}

/** Marks the selected report's row (and only it) for screen readers and the eye. */
function markSelected(list: HTMLElement, selectedId: string | null): void {
  for (const row of list.children as HTMLCollectionOf<HTMLElement>) {
    if (row.dataset.reportId === selectedId) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
}

/**
 * The reports list: newest first, filtered, capped at REPORTS_PAGE rows with "show more";
 * clicking a row selects the report (the map flies there); editors and admins hide and restore.
 */
export function mountReportsList(root: HTMLElement, state: NewsroomState): void {
  const { t } = state;
  const canModerate = state.me.role === 'admin' || state.me.role === 'editor';
  const filter = signal<ReportFilter>(DEFAULT_FILTER);
  const limit = signal(REPORTS_PAGE);
  const filters = filterForm(t);
  // Not a live region: read every few seconds as reports arrive, a count drowns what matters
  // (the distance, announced by the panel). It takes focus when the last row it named goes.
  const count = el('p', { class: 'reports__count', 'data-field': 'list-count', tabindex: -1 });
  const error = el('p', { class: 'reports__error', role: 'alert', 'data-field': 'list-error' });
  const list = el('ol', { class: 'reports__list', 'data-field': 'report-list', 'aria-label': t('reports.title') });
  const more = el('button', { type: 'button', class: 'link reports__more', 'data-action': 'show-more', hidden: true });
  root.append(el('h2', { class: 'panel__subtitle' }, t('reports.title')), filters.form, count, error, list, more);

  filters.form.addEventListener('change', () => {
    filter.value = filters.read();
    limit.value = REPORTS_PAGE;
  });
  more.addEventListener('click', () => (limit.value += REPORTS_PAGE));
  effect(() => {
    void state.caravanId.value;
    limit.value = REPORTS_PAGE;
  });

  /** The reports drawn now, by id, for clicks on their rows. */
  let shownById = new Map<string, Report>();
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const report = shownById.get(button?.closest<HTMLElement>('[data-report-id]')?.dataset.reportId ?? '');
    if (!button || !report) return;
    if (button.dataset.action === 'select') state.selectedReportId.value = report.id;
    else void moderateFromRow(state, report, button, error);
  });

  /**
   * Set when a report is selected, cleared once its row is in view: a report selected before its
   * caravan's reports arrived (a link's `?report=`) is scrolled to when its row is first drawn,
   * and later redraws (every push) leave the list where the reader put it.
   */
  let scrollPending = false;
  const scrollToSelected = () => {
    const row = scrollPending && list.querySelector('[aria-current="true"]');
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    scrollPending = false;
  };

  // Rows are rebuilt only for reports that changed (an update is a new object); new names or units redraw all.
  const countFormat = new Intl.NumberFormat(localeFor(state.lang));
  let rows = new WeakMap<Report, HTMLLIElement>();
  let rowsDrawnWith: unknown[] = [];
  let reportersShown = '';

  function render(reports: readonly Report[], current: ReportFilter, cap: number): void {
    const names = state.reporterNames.value;
    const locale = localeFor(state.lang);
    const context: RowContext = {
      t,
      locale,
      units: state.units.value,
      time: localTimeFormat(locale),
      count: countFormat,
      reporterName: (id) => reporterName(state, id),
      canModerate,
    };
    if (rowsDrawnWith[0] !== names || rowsDrawnWith[1] !== context.units)
      [rows, rowsDrawnWith] = [new WeakMap(), [names, context.units]];

    // Everyone who sent a report here, and whoever the filter names even if they sent none here.
    const reporterIds = new Set(reporterIdsOf(reports));
    if (current.reporterId) reporterIds.add(current.reporterId);
    const reporters = [...reporterIds].map((id) => ({ id, name: reporterName(state, id) }));
    const reportersKey = JSON.stringify(reporters);
    if (reportersKey !== reportersShown) {
      reportersShown = reportersKey;
      filters.setReporters(reporters, current.reporterId);
    }

    const { shown, total } = newestMatching(reports, current, cap);
    shownById = new Map(shown.map((report) => [report.id, report]));
    const focused = focusIn(list);
    placeRows(
      list,
      shown.map((report) => {
        let row = rows.get(report);
        if (!row) rows.set(report, (row = reportRow(report, context)));
        return row;
      }),
    );
    markSelected(list, state.selectedReportId.value);
    scrollToSelected();
    count.dataset.total = String(total);
    count.dataset.shown = String(shown.length);
    count.textContent =
      total === 0
        ? t('reports.none')
        : shown.length < total
          ? t('reports.count-some', { shown: shown.length, total })
          : t(total === 1 ? 'reports.count-one' : 'reports.count', { n: total });
    more.hidden = shown.length >= total;
    more.textContent = t('reports.show-more', { n: Math.min(REPORTS_PAGE, total - shown.length) });
    // Last, so that focus sent to the count reads what it says now.
    if (focused) restoreFocus(list, focused, count);
  }

  let frame = 0;
  effect(() => {
    const reports = state.viewReports.value;
    const current = filter.value;
    const cap = limit.value;
    void state.reporterNames.value;
    void state.units.value;
    // Bursts of pushes become one redraw per animation frame.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const started = performance.now();
      render(reports, current, cap);
      // Only the last redraw is kept: a desk left open for days must not collect one entry a push.
      performance.clearMeasures(RENDER_MEASURE);
      performance.measure(RENDER_MEASURE, { start: started });
    });
  });
  effect(() => {
    markSelected(list, state.selectedReportId.value);
    scrollPending = state.selectedReportId.value !== null;
    scrollToSelected();
  });
}
