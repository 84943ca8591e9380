import type { CaravanSummary } from '@rumbo/shared';
import type { Translate } from '../i18n/i18n';
import { formatDistance, KM_PER_MILE, type Units } from '../lib/units';

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

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * An estimate of days, said no finer than a day's pace supports: the further out, the coarser,
 * so that the words never claim more than the data (one trailing day of pace) can tell.
 *
 * | estimate | said | e.g. |
 * |---|---|---|
 * | under 1 day | less than a day | |
 * | 1 to 3.5 days | about N days (nearest day) | about 2 days |
 * | 3.5 to 6.5 days | N−1 to N+1 days (N the nearest day) | 5–7 days |
 * | 6.5 days to 8 weeks | about N weeks (nearest week) | about a week, about 6 weeks |
 * | 8 weeks to a year | about N months (nearest month) | about 3 months |
 * | a year or more | more than a year | |
 * @example roundedEta(46.4, t) // 'about 7 weeks'
 */
export function roundedEta(days: number, t: Translate): string {
  if (days < 1) return t('eta.under-a-day');
  if (days < 3.5) {
    const n = Math.round(days);
    return n === 1 ? t('eta.a-day') : t('eta.days', { n });
  }
  if (days < 6.5) {
    const n = Math.round(days);
    return t('eta.day-range', { from: n - 1, to: n + 1 });
  }
  if (days < 56) {
    const n = Math.round(days / 7);
    return n === 1 ? t('eta.a-week') : t('eta.weeks', { n });
  }
  if (days < 365) return t('eta.months', { n: Math.round(days / DAYS_PER_MONTH) });
  return t('eta.over-a-year');
}

/** The ETA in words, what it divides by what (for hover and keyboard focus), or why there is none. */
export interface EtaText {
  value: string;
  /** "1,906 km left on the planned route at 41 km/day over the last day of reports"; null without an estimate. */
  basis: string | null;
  /** Why there is no estimate; null with one. */
  reason: string | null;
}

/**
 * The estimate rounded by roundedEta, and its basis: the distance left along the planned route when
 * the caravan has one (`routeRemainingKm` not null), else the straight line to the border, at the
 * rate that distance shrank (the distance ÷ `etaDays`, as the server computed it). Without an
 * estimate, "—" and the reason (a newsroom must not guess).
 */
export function etaText(summary: CaravanSummary, units: Units, locale: string, t: Translate): EtaText {
  const { metrics, latest } = summary;
  if (metrics.etaDays !== null) {
    const onRoute = metrics.routeRemainingKm !== null;
    const leftKm = (onRoute ? metrics.routeRemainingKm : metrics.distanceToBorderKm) ?? 0;
    const whole = (km: number) => formatDistance(km, units, locale, 0);
    const left = t(onRoute ? 'eta.basis-route' : 'eta.basis-straight-line', { distance: whole(leftKm) });
    const basis =
      metrics.etaDays > 0
        ? t('eta.basis-pace', { left, pace: t('panel.per-day', { distance: whole(leftKm / metrics.etaDays) }) })
        : left;
    return { value: roundedEta(metrics.etaDays, t), basis, reason: null };
  }
  const reason = !latest
    ? 'panel.eta-why-no-reports'
    : latest.metrics.side === 'US'
      ? 'panel.eta-why-crossed'
      : metrics.speedKmPerDay === null
        ? 'panel.eta-why-short'
        : metrics.routeRemainingKm === null
          ? 'panel.eta-why-not-closing'
          : 'panel.eta-why-not-closing-route';
  return { value: '—', basis: null, reason: t(reason) };
}

/** The distance the headline leads with, and what it measures. */
export interface HeadlineDistance {
  km: number;
  basis: 'route' | 'border';
}

/** What is left of the planned route when the caravan has one, else the straight line to the border; null before a fix. */
export function headlineDistance(summary: CaravanSummary | null): HeadlineDistance | null {
  const routeKm = summary?.metrics.routeRemainingKm ?? null;
  if (routeKm !== null) return { km: routeKm, basis: 'route' };
  const borderKm = summary?.metrics.distanceToBorderKm ?? null;
  return borderKm === null ? null : { km: borderKm, basis: 'border' };
}

/**
 * What the live region says when the headline distance moved a whole unit (km or mile) or more
 * since it last spoke: "1,129 km to the border, 3 km closer". Null for less: GPS scatter and a few
 * steps are not news, and a smaller change is carried until it adds up.
 * @example distanceAnnouncement({ km: 1132.2, basis: 'border' }, { km: 1129.1, basis: 'border' }, 'km', 'en-US', t) // '1,129 km to the border, 3 km closer'
 */
export function distanceAnnouncement(
  before: HeadlineDistance,
  now: HeadlineDistance,
  units: Units,
  locale: string,
  t: Translate,
): string | null {
  const changeKm = now.km - before.km;
  if (now.basis !== before.basis || Math.abs(units === 'mi' ? changeKm / KM_PER_MILE : changeKm) < 1) return null;
  const whole = (km: number) => formatDistance(km, units, locale, 0);
  const key = `live.${now.basis}-${changeKm < 0 ? 'closer' : 'further'}`;
  return t(key, { distance: whole(now.km), change: whole(Math.abs(changeKm)) });
}

const counts = new Map<string, Intl.NumberFormat>();

/** A whole count grouped the page's way: "1,906" (en-US and es-MX alike). */
export function formatCount(count: number, locale: string): string {
  let format = counts.get(locale);
  if (!format) counts.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })));
  return format.format(count);
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
