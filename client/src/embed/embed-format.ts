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

/**
 * How old the shown position is. A reader's clock running behind ours must not print
 * "Updated -3 min ago", so the age never goes below zero.
 * @example updatedText(t, '2025-01-01T10:00:00Z', Date.parse('2025-01-01T10:42:00Z')) // 'Updated 42 min ago'
 */
export function updatedText(t: Translate, recordedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(recordedAt)) / 60_000));
  if (minutes < 1) return t('updated.just-now');
  if (minutes < 60) return t('updated.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('updated.hours', { n: hours });
  return t('updated.days', { n: Math.floor(hours / 24) });
}
