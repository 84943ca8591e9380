import type { PublicSnapshot, PublicSummary } from '@rumbo/shared';
import { localTimeZone } from '@rumbo/shared/places';
import { describePlace, type PlaceLanguage } from '@rumbo/shared/places/describe';

const KM_PER_MILE = 1.609344;
const LOCALES: Record<PlaceLanguage, string> = { en: 'en-US', es: 'es-MX' };

/** What the sentence is made of: the public snapshot's own values, nothing else. */
export type SentenceSource = Pick<PublicSnapshot, 'latest' | 'metrics' | 'delayMinutes' | 'precisionKm'>;

/**
 * A distance as a sentence may claim it: to the grid at least, and to 10 km from 100 km on ("about
 * 1,130 km", not "1,132 km": the public point is a grid cell and the line to the border is straight).
 * @example sentenceKm(1132, 2) // 1130
 */
export function sentenceKm(distanceKm: number, precisionKm: number): number {
  const step = sentenceStepKm(distanceKm, precisionKm);
  return Math.round(distanceKm / step) * step;
}

const sentenceStepKm = (distanceKm: number, precisionKm: number) => Math.max(Math.ceil(precisionKm), distanceKm >= 100 ? 10 : 1);

/**
 * Intl formatters, made once per locale and options: making one costs about a hundred times
 * using it, and every release step of every caravan says its sentence again.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
  kind: string,
  locale: string,
  options: object,
  make: () => T,
): T {
  const key = `${kind} ${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = make()));
  return formatter;
}
const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached('number', locale, options, () => new Intl.NumberFormat(locale, options));
const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options));

const whole = (value: number, lang: PlaceLanguage) => numberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(value);

/** The delay in the largest whole unit that says it exactly: "30 minutes", "1 hora", "90 minutes". */
export function delayWords(minutes: number, lang: PlaceLanguage): string {
  const [value, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return numberFormat(LOCALES[lang], { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** The grid's size as readers are told it: "2", "0.5". */
export const precisionWords = (precisionKm: number, lang: PlaceLanguage) =>
  numberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(precisionKm);

/** How late and how coarse every public position is, as the sentence's closing words. */
function caveat({ delayMinutes, precisionKm }: SentenceSource, lang: PlaceLanguage): string {
  const delay = delayWords(delayMinutes, lang);
  const precision = precisionWords(precisionKm, lang);
  return lang === 'es'
    ? `posiciones publicadas con ${delay} de retraso y aproximadas a ${precision} km`
    : `positions are delayed by ${delay} and approximate to ${precision} km`;
}

/**
 * The time of the public position where the caravan is, as a newspaper writes it: "2:30 p.m. CST
 * on December 5", "las 14:30 (hora del centro) del 5 de diciembre". It is a public step's time, so
 * minutes are all it has; the date stays, since a sentence pasted into a live blog outlives its day.
 */
function timeWords(at: Date, zone: ReturnType<typeof localTimeZone>, lang: PlaceLanguage): string {
  const parts = (options: Intl.DateTimeFormatOptions, locale = LOCALES[lang]) =>
    Object.fromEntries(
      dateTimeFormat(locale, { timeZone: zone.timeZone, ...options })
        .formatToParts(at)
        .map((part) => [part.type, part.value]),
    );
  const date = parts({ month: 'long', day: 'numeric' });
  if (lang === 'es') {
    const { hour, minute } = parts({ hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
    return `${Number(hour) === 1 ? 'la' : 'las'} ${Number(hour)}:${minute} (${zone.es}) del ${date.day} de ${date.month}`;
  }
  const { hour, minute, dayPeriod, timeZoneName } = parts({
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  });
  const abbreviation = zone.en && timeZoneName?.startsWith('GMT') ? zone.en : timeZoneName;
  const period = dayPeriod?.toLowerCase().startsWith('a') ? 'a.m.' : 'p.m.';
  return `${hour}:${minute} ${period} ${abbreviation} on ${date.month} ${date.day}`;
}

/** "about 1,130 km (700 miles) from the US border", or how far into the United States it is. */
function distanceWords(distanceKm: number, precisionKm: number, inUnitedStates: boolean, lang: PlaceLanguage): string {
  const km = sentenceKm(distanceKm, precisionKm);
  if (km === 0) {
    const step = whole(sentenceStepKm(distanceKm, precisionKm), lang);
    return lang === 'es' ? `a menos de ${step} km de la frontera` : `within ${step} km of the border`;
  }
  if (lang === 'es')
    return `a unos ${whole(km, lang)} km de la frontera con ${inUnitedStates ? 'México' : 'Estados Unidos'} en línea recta`;
  const mileStep = km >= 100 ? 10 : 1;
  const miles = numberFormat(LOCALES.en, { style: 'unit', unit: 'mile', unitDisplay: 'long' }).format(
    Math.round(km / KM_PER_MILE / mileStep) * mileStep,
  );
  return `about ${whole(km, lang)} km (${miles}) from the ${inUnitedStates ? 'Mexican' : 'US'} border in a straight line`;
}

/**
 * The public snapshot in one sentence, for live blogs, newsletters and screen readers: "As of 2:30
 * p.m. CST on December 5, the caravan was near Arriaga, Chiapas, Mexico, about 1,130 km (700
 * miles) from the US border in a straight line (positions are delayed by 30 minutes and
 * approximate to 2 km)." Made of the snapshot's values alone (the step time of its latest point,
 * its public place, its distance rounded coarser still), so it says nothing the snapshot does not.
 * Pure.
 */
export function publicSentence(source: SentenceSource, lang: PlaceLanguage): string {
  const { latest, metrics } = source;
  if (!latest)
    return lang === 'es'
      ? `Todavía no hay ninguna posición pública de la caravana (${caveat(source, lang)}).`
      : `No position of the caravan is public yet (${caveat(source, lang)}).`;
  const zone = localTimeZone({ place: latest.place, lng: latest.lng, distanceToBorderKm: metrics.distanceToBorderKm });
  const where = latest.place ? `${describePlace(latest.place, lang)}, ` : '';
  const inUnitedStates = latest.place?.country === 'US';
  const distance =
    metrics.distanceToBorderKm === null
      ? ''
      : `${distanceWords(metrics.distanceToBorderKm, source.precisionKm, inUnitedStates, lang)} `;
  const time = timeWords(new Date(latest.recordedAt), zone, lang);
  const was = `${where}${distance}`.replace(/,? $/, '');
  return lang === 'es'
    ? `A ${time}, la caravana estaba ${was} (${caveat(source, lang)}).`
    : `As of ${time}, the caravan was ${was} (${caveat(source, lang)}).`;
}

/** The sentence in every language the public pages speak. */
export const publicSummary = (source: SentenceSource): PublicSummary => ({
  en: publicSentence(source, 'en'),
  es: publicSentence(source, 'es'),
});
