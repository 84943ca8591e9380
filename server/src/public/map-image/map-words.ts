import type { PublicSnapshot } from '@rumbo/shared';
import { sentenceKm } from '../public-sentence';

export type MapLang = 'en' | 'es';

const KM_PER_MILE = 1.609344;
/** Where the caravans walk: the "as of" time is told in central Mexico's clock, named ("CST"). */
const TIME_ZONE = 'America/Mexico_City';
const LOCALE: Record<MapLang, string> = { en: 'en-US', es: 'es-MX' };

/**
 * The image's words, worded as the embed says them (client/src/embed/embed-strings.ts), so a
 * reader meets one voice in the iframe and in the picture.
 */
const WORDS = {
  en: {
    distance: 'About {km} km ({mi} mi) from the US border',
    straightLine: 'in a straight line',
    empty: 'No position is public yet',
    asOf: 'Approximate area as of {date}, {time}',
    safety: 'Positions delayed {delay}, approximate to {precision} km, to protect the people in the caravan.',
    crossing: 'Nearest crossing: {name}',
    attribution: 'Rumbo · Map data: Natural Earth · Place names: GeoNames (CC BY 4.0)',
    mexico: 'MEXICO',
    unitedStates: 'UNITED STATES',
    title: 'Map of the approximate route of {name}',
  },
  es: {
    distance: 'A unos {km} km ({mi} mi) de la frontera con Estados Unidos',
    straightLine: 'en línea recta',
    empty: 'Todavía no hay ninguna posición pública',
    asOf: 'Zona aproximada al {date}, {time}',
    safety: 'Posiciones con {delay} de retraso y aproximación de {precision} km, para proteger a las personas de la caravana.',
    crossing: 'Cruce más cercano: {name}',
    attribution: 'Rumbo · Datos del mapa: Natural Earth · Nombres de lugares: GeoNames (CC BY 4.0)',
    mexico: 'MÉXICO',
    unitedStates: 'ESTADOS UNIDOS',
    title: 'Mapa de la ruta aproximada de {name}',
  },
} as const;
export type MapWord = keyof (typeof WORDS)['en'];

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? '');

/** Words of one language, filled: `word('distance', { km: '1,130', mi: '702' })`. */
export const wordsIn =
  (lang: MapLang) =>
  (key: MapWord, values: Record<string, string> = {}): string =>
    fill(WORDS[lang][key], values);

/** A formatter made once per language and kept: making an Intl formatter costs about a millisecond. */
function once<T>(make: (locale: string) => T): (lang: MapLang) => T {
  const made = new Map<MapLang, T>();
  return (lang) => {
    let formatter = made.get(lang);
    if (!formatter) made.set(lang, (formatter = make(LOCALE[lang])));
    return formatter;
  };
}
const wholeFormat = once((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
const precisionFormat = once((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }));
const unitFormat = (unit: string) =>
  once((locale) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }));
const DELAY_FORMATS = { day: unitFormat('day'), hour: unitFormat('hour'), minute: unitFormat('minute') };
const timeFormat = once(
  (locale) => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: TIME_ZONE, timeZoneName: 'short' }),
);
const dateFormat = once((locale) => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: TIME_ZONE }));

/** Whole numbers: a public distance is rounded to the grid already, decimals would claim more. */
const whole = (value: number, lang: MapLang) => wholeFormat(lang).format(value);

/**
 * "About 1,130 km (700 mi) from the US border", or that nothing is public yet: rounded as the
 * sentence rounds it (sentenceKm), so the card and the words beside it say the same distance.
 */
export function distanceHeadline(snapshot: PublicSnapshot, lang: MapLang): string {
  const exactKm = snapshot.metrics.distanceToBorderKm;
  const word = wordsIn(lang);
  if (exactKm === null) return word('empty');
  const km = sentenceKm(exactKm, snapshot.precisionKm);
  const mileStep = km >= 100 ? 10 : 1;
  return word('distance', { km: whole(km, lang), mi: whole(Math.round(km / KM_PER_MILE / mileStep) * mileStep, lang) });
}

/** "30 minutes", "1 hour": the largest whole unit that says the delay exactly. */
function delayText(minutes: number, lang: MapLang): string {
  const [value, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day' as const]
      : minutes % 60 === 0
        ? [minutes / 60, 'hour' as const]
        : [minutes, 'minute' as const];
  return DELAY_FORMATS[unit](lang).format(value);
}

/** "Positions delayed 30 minutes, approximate to 2 km, …": what the picture withholds, and why. */
export function safetyStatement(snapshot: PublicSnapshot, lang: MapLang): string {
  const precision = precisionFormat(lang).format(snapshot.precisionKm);
  return wordsIn(lang)('safety', { delay: delayText(snapshot.delayMinutes, lang), precision });
}

const NO_BREAK_SPACE = '\u00a0';

/**
 * When the area shown was the caravan's, to the minute and with its date: a public time is a
 * step boundary, so there is nothing finer to tell, and an image outlives the day it was made.
 */
export function asOfText(recordedAt: string, lang: MapLang): string {
  const at = new Date(recordedAt);
  // One unbreakable piece, so a line never ends between "10:00" and "PM CST", whichever time of
  // day makes the sentence long enough to wrap there.
  const time = timeFormat(lang).format(at).replace(/\s/g, NO_BREAK_SPACE);
  return wordsIn(lang)('asOf', { date: dateFormat(lang).format(at), time });
}
