import type { CaravanSummary } from '@rumbo/shared';
import type { Translate } from '../i18n/i18n';
import { formatDistance, type Units } from '../lib/units';

/** A last report older than this is shown amber: the desk should check on the reporters. */
export const STALE_AFTER_MINUTES = 30;
/** A last report older than this is shown red: the map may no longer say where the caravan is. */
export const OLD_AFTER_MINUTES = 120;

export type Freshness = 'fresh' | 'stale' | 'old';

/**
 * How fresh the newest fix is at a moment (now, or the moment a replay shows).
 * @example freshnessOf('2024-01-01T12:00:00Z', Date.parse('2024-01-01T12:45:00Z')) // 'stale'
 */
export function freshnessOf(lastReportAt: string, now: number): Freshness {
  const minutes = (now - Date.parse(lastReportAt)) / 60_000;
  if (minutes >= OLD_AFTER_MINUTES) return 'old';
  return minutes >= STALE_AFTER_MINUTES ? 'stale' : 'fresh';
}

/** "23.4 km/day" in the reader's units; "–" when there is no pace. */
export function formatSpeed(kmPerDay: number | null, units: Units, locale: string, t: Translate): string {
  return kmPerDay === null ? '–' : t('panel.per-day', { distance: formatDistance(kmPerDay, units, locale) });
}

/** "42.5 days", or "—" with the reason there is no estimate (a newsroom must not guess). */
export function etaText(summary: CaravanSummary, locale: string, t: Translate): { value: string; reason: string | null } {
  const { metrics, latest } = summary;
  if (metrics.etaDays !== null) {
    const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(metrics.etaDays);
    return { value: days === '1' ? t('panel.eta-one-day') : t('panel.eta-days', { n: days }), reason: null };
  }
  const reason = !latest
    ? 'panel.eta-why-no-reports'
    : latest.metrics.side === 'US'
      ? 'panel.eta-why-crossed'
      : metrics.speedKmPerDay === null
        ? 'panel.eta-why-short'
        : 'panel.eta-why-not-closing';
  return { value: '—', reason: t(reason) };
}

/** "45.2 %" in the page's locale. */
export const formatPercent = (pct: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(pct / 100);

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Date and time in the viewer's own time zone, with the zone named ("Jan 6, 4:40 PM CST").
 * One formatter per locale: building one costs more than formatting hundreds of rows.
 */
export function localTimeFormat(locale: string): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    timeFormats.set(locale, format);
  }
  return format;
}
