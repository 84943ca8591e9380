import type { Place } from '../schemas/report';

export type PlaceLanguage = 'en' | 'es';

/** Farther than this from its place, a position is "35 km from Arriaga", not "near Arriaga". */
export const NEAR_PLACE_KM = 10;

/** First-level divisions whose names differ between English and Spanish (GeoNames spells the rest). */
const STATE_NAMES: Readonly<Record<string, Partial<Record<PlaceLanguage, string>>>> = {
  'Mexico City': { es: 'Ciudad de México' },
  México: { en: 'State of Mexico', es: 'Estado de México' },
  'New Mexico': { es: 'Nuevo México' },
  Suchitepeque: { en: 'Suchitepéquez', es: 'Suchitepéquez' },
};

/** Towns whose usual names differ between English and Spanish. */
const TOWN_NAMES: Readonly<Record<string, Partial<Record<PlaceLanguage, string>>>> = {
  'Mexico City': { es: 'Ciudad de México' },
};

/**
 * A first-level division's name in the reader's language.
 * @example stateName('Mexico City', 'es') // 'Ciudad de México'
 */
export function stateName(state: string, language: PlaceLanguage): string {
  return STATE_NAMES[state]?.[language] ?? state;
}

/** Made once: an Intl.DisplayNames costs far more to make than to ask (the public sentence asks every release step). */
const regionNames: Record<PlaceLanguage, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
  es: new Intl.DisplayNames(['es'], { type: 'region' }),
};

/**
 * A country's name from its ISO code in the reader's language (the runtime's CLDR data).
 * @example countryName('MX', 'es') // 'México'
 */
export function countryName(code: string, language: PlaceLanguage): string {
  return regionNames[language].of(code) ?? code;
}

/**
 * "Arriaga, Chiapas, Mexico": town, state (unless it repeats the town) and country.
 * @example placeName({ name: 'Puebla', state: 'Puebla', country: 'MX', distanceKm: 0, within: true }, 'en') // 'Puebla, Mexico'
 */
export function placeName(place: Place, language: PlaceLanguage): string {
  const town = TOWN_NAMES[place.name]?.[language] ?? place.name;
  const state = stateName(place.state, language);
  const parts = state === town || place.state === place.name ? [town] : [town, state];
  return [...parts, countryName(place.country, language)].join(', ');
}

/**
 * Where a position is, in a phrase: "in Arriaga, Chiapas, Mexico", "near …", or "35 km from …".
 * @example describePlace({ name: 'Arriaga', state: 'Chiapas', country: 'MX', distanceKm: 3, within: false }, 'es') // 'cerca de Arriaga, Chiapas, México'
 */
export function describePlace(place: Place, language: PlaceLanguage): string {
  const name = placeName(place, language);
  if (place.within) return language === 'es' ? `en ${name}` : `in ${name}`;
  if (place.distanceKm < NEAR_PLACE_KM) return language === 'es' ? `cerca de ${name}` : `near ${name}`;
  const km = new Intl.NumberFormat(language === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: 0 }).format(place.distanceKm);
  return language === 'es' ? `a ${km} km de ${name}` : `${km} km from ${name}`;
}
