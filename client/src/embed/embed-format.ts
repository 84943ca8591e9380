import type { Translate } from '../i18n/i18n';
import { KM_PER_MILE } from '../lib/units';

/** Whole numbers: a public distance is rounded to the grid anyway, decimals would claim more. */
const whole = (value: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);

/**
 * The headline distance in kilometres and miles, for readers on both sides of the border, named
 * for what it is: the straight line to the nearest point of the border, not the road there.
 * @example distanceToBorderText(t, 1290, 'en-US') // '1,290 km (802 mi) to the US border in a straight line'
 */
export function distanceToBorderText(t: Translate, distanceKm: number, locale: string): string {
  return t('distance', { km: whole(distanceKm, locale), mi: whole(distanceKm / KM_PER_MILE, locale) });
}

export function crossingText(t: Translate, crossing: { name: string; distanceKm: number }, locale: string): string {
  return t('crossing', { name: crossing.name, km: whole(crossing.distanceKm, locale) });
}

/** "30 minutes", "1 minute", in the page's language. */
export function minutesText(t: Translate, minutes: number, locale: string): string {
  const form = new Intl.PluralRules(locale).select(minutes) === 'one' ? 'one' : 'other';
  return t(`minutes.${form}`, { n: whole(minutes, locale) });
}

/** The precision as stated to readers: "2", "0.5". */
export const precisionText = (precisionKm: number, locale: string) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(precisionKm);

/** The same calendar day where the reader is: a position from today needs no date. */
const sameLocalDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/**
 * The moment of the shown position, in the reader's time zone and named ("2:30 PM CST",
 * "2:30 p.m. GMT-6"), to the minute: a public time is a step boundary, so there is nothing finer
 * to show, and the date is added when it is not today. Spanish says "a la 1:30" but "a las 2:30":
 * the hour shown picks the article.
 * @example positionTimeText(t, '2025-01-01T20:30:00Z', Date.parse('2025-01-01T21:00:00Z'), 'en-US') // 'Position as of 2:30 PM CST' (in Mexico City)
 */
export function positionTimeText(t: Translate, recordedAt: string, now: number, locale: string): string {
  const at = new Date(recordedAt);
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const hour = Number(timeFormat.formatToParts(at).find((part) => part.type === 'hour')?.value);
  const form = new Intl.PluralRules(locale).select(hour) === 'one' ? 'one' : 'other';
  const time = timeFormat.format(at);
  if (sameLocalDay(at, new Date(now))) return t(`as-of.today.${form}`, { time });
  const date = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(at);
  return t(`as-of.earlier.${form}`, { date, time });
}

/**
 * The delay, in the largest whole unit that says it exactly: "1 hour", "90 minutes", "1 día".
 * @example delayText(60, 'en-US') // '1 hour'
 */
export function delayText(minutes: number, locale: string): string {
  const [value, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * The time of the position shown and that it is late on purpose, in one line short enough for
 * the smallest frame: "Position as of 2:30 PM CST · delayed by 1 hour on purpose".
 */
export function positionLineText(t: Translate, recordedAt: string, delayMinutes: number, now: number, locale: string): string {
  return `${positionTimeText(t, recordedAt, now, locale)} · ${t('delayed', { delay: delayText(delayMinutes, locale) })}`;
}
