import type { Report } from '@rumbo/shared';
import type { Popup } from 'maplibre-gl';
import type { Translate } from '../i18n/i18n';
import { isolated } from '../lib/isolate';
import { placeText } from '../lib/place-text';
import { formatDistance, type Units } from '../lib/units';
import './report-popup.css';

export interface ReportPopupContext {
  t: Translate;
  locale: string;
  formatTime(ms: number): string;
  utcText(ms: number): string;
  reporterNames: Readonly<Record<string, string>>;
  units: Units;
}

function timeElement(iso: string, context: ReportPopupContext): HTMLTimeElement {
  const ms = Date.parse(iso);
  const element = document.createElement('time');
  element.dateTime = iso;
  element.textContent = context.formatTime(ms);
  element.title = context.utcText(ms);
  return element;
}

function row(list: HTMLDListElement, label: string, value: string | Node): void {
  const term = document.createElement('dt');
  term.textContent = label;
  const detail = document.createElement('dd');
  detail.append(value);
  list.append(term, detail);
}

/**
 * What staff see about one report. Built from DOM nodes with text only: notes and names come
 * from the field and may hold markup, which must show as the characters typed, never run.
 */
export function reportPopupContent(report: Report, context: ReportPopupContext): HTMLElement {
  const { t } = context;
  const root = document.createElement('div');
  root.className = 'report-popup';
  root.dataset.reportId = report.id;
  // A small non-modal dialog: it takes focus when it opens (see popupFocus), and Escape closes it.
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-label', t('popup.label', { time: context.formatTime(Date.parse(report.recordedAt)) }));
  root.tabIndex = -1;
  const list = document.createElement('dl');
  row(list, t('popup.fixed-at'), timeElement(report.recordedAt, context));
  row(list, t('popup.received-at'), timeElement(report.receivedAt, context));
  row(list, t('popup.reporter'), isolated(context.reporterNames[report.reporterId] ?? report.reporterId));
  row(list, t('popup.source'), t(`source.${report.source}`));
  if (report.headcount !== undefined)
    row(list, t('popup.headcount'), new Intl.NumberFormat(context.locale).format(report.headcount));
  const place = placeText(report.metrics.place, context.locale);
  if (place) row(list, t('popup.place'), place);
  row(list, t('popup.straight-line'), formatDistance(report.metrics.distanceToBorderKm, context.units, context.locale));
  if (report.flags.length > 0) row(list, t('popup.flags'), report.flags.map((flag) => t(`flag.${flag}`)).join(', '));
  root.append(list);
  if (report.note) {
    const note = document.createElement('p');
    note.className = 'report-popup__note';
    note.dataset.field = 'note';
    note.dir = 'auto';
    note.textContent = report.note;
    root.append(note);
  }
  if (report.hidden) {
    const hidden = document.createElement('p');
    hidden.className = 'report-popup__hidden';
    hidden.textContent = t('popup.hidden');
    root.append(hidden);
  }
  return root;
}

/**
 * The popup for a keyboard: when it turns to a report it takes focus (a screen reader reads it),
 * Escape closes it, and closing it while focus is inside gives focus back to whatever opened it
 * (the list row's button, the map), or, if that was redrawn meanwhile, to `fallback(reportId)`.
 * Create the popup with `focusAfterOpen: false`: MapLibre's own focusing moves focus to its close
 * button on every redraw, even while the desk is typing elsewhere.
 */
export function popupFocus(popup: Popup, fallback: (reportId: string) => HTMLElement | null) {
  let opener: HTMLElement | null = null;
  let reportId = '';
  const content = () => (popup.isOpen() ? popup.getElement().querySelector<HTMLElement>('.report-popup') : null);
  popup.on('open', () =>
    popup.getElement().addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      popup.remove();
    }),
  );
  popup.on('close', () => {
    // Focus elsewhere (a click on the map, the caravan switcher) stays there; only focus lost with the popup comes back.
    if (document.activeElement !== document.body && document.activeElement !== null) return;
    (opener?.isConnected ? opener : fallback(reportId))?.focus();
  });
  return {
    /**
     * Runs `update`, which opens the popup or redraws it, and keeps focus right: `turning` (another
     * report shown) moves focus in; a redraw that took focus out of the popup puts it back in.
     */
    update(turning: boolean, update: () => void): void {
      const focusWasIn = popup.isOpen() && popup.getElement().contains(document.activeElement);
      if (turning && !focusWasIn) {
        const active = document.activeElement;
        opener = active instanceof HTMLElement && active !== document.body ? active : null;
      }
      update();
      reportId = content()?.dataset.reportId ?? '';
      const focusLost = focusWasIn && !popup.getElement().contains(document.activeElement);
      if (turning || focusLost) content()?.focus({ preventScroll: true });
    },
  };
}
