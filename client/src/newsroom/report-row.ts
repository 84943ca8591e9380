import { isDoubted } from '@rumbo/shared/track';
import type { Report } from '@rumbo/shared';
import type { Translate } from '../i18n/i18n';
import { el } from '../lib/dom';
import { isolated } from '../lib/isolate';
import { placeText } from '../lib/place-text';
import { formatDistance, type Units } from '../lib/units';
import { utcText } from './format-time';

/** What every row of one render shares. */
export interface RowContext {
  t: Translate;
  locale: string;
  units: Units;
  time: Intl.DateTimeFormat;
  /** Whole numbers (headcounts) in the page's locale. */
  count: Intl.NumberFormat;
  reporterName(reporterId: string): string;
  /** Editors and admins moderate; viewers only read. */
  canModerate: boolean;
}

function badges(report: Report, t: Translate): HTMLElement {
  return el(
    'span',
    { class: 'report__badges' },
    el('span', { class: 'badge' }, t(`source.${report.source}`)),
    ...report.flags.map((flag) => el('span', { class: 'badge badge--flag' }, t(`flag.${flag}`))),
    report.hidden && el('span', { class: 'badge badge--hidden' }, t('reports.hidden-badge')),
  );
}

/**
 * One report as a list row: a button that selects it (the map flies there) and, for editors, a
 * Hide or Restore button. Where the fix was shows under its time when the report names a place. Notes come from the field and are untrusted: text nodes only.
 */
export function reportRow(report: Report, context: RowContext): HTMLLIElement {
  const { t, locale } = context;
  const time = context.time.format(new Date(report.recordedAt));
  const headcount = report.headcount === undefined ? null : t('reports.headcount', { n: context.count.format(report.headcount) });
  const place = placeText(report.metrics.place, locale);
  const select = el(
    'button',
    { type: 'button', class: 'report__select', 'data-action': 'select' },
    el(
      'span',
      { class: 'report__line' },
      el('time', { datetime: report.recordedAt, title: utcText(Date.parse(report.recordedAt)) }, time),
      el(
        'span',
        { class: 'report__distance', title: t('reports.straight-line') },
        formatDistance(report.metrics.distanceToBorderKm, context.units, locale),
      ),
    ),
    place && el('span', { class: 'report__place', dir: 'auto' }, place),
    el(
      'span',
      { class: 'report__line report__meta' },
      el('span', { class: 'report__who' }, isolated(context.reporterName(report.reporterId)), headcount && ` · ${headcount}`),
      badges(report, t),
    ),
    report.note && el('span', { class: 'report__note', dir: 'auto' }, report.note),
  );
  const moderate =
    context.canModerate &&
    el(
      'button',
      {
        type: 'button',
        class: 'report__moderate',
        'data-action': report.hidden ? 'restore' : 'hide',
        'aria-label': t(report.hidden ? 'reports.restore-label' : 'reports.hide-label', { time }),
      },
      t(report.hidden ? 'reports.restore' : 'reports.hide'),
    );
  return el(
    'li',
    { class: 'report', 'data-report-id': report.id, 'data-hidden': report.hidden, 'data-flagged': isDoubted(report) },
    select,
    moderate,
  );
}
