import type { Place } from '../schemas/report';
import { countryName } from './describe-place';

/** A time zone as a sentence names it: its IANA id, and its name in Spanish (English uses the abbreviation, "CST"). */
export interface LocalTimeZone {
  readonly timeZone: string;
  /** "hora del centro": what Mexican readers call the zone (Intl's Spanish names say "GMT-6"). */
  readonly es: string;
  /** Said in English where Intl knows no abbreviation for the zone (it would say "GMT-7"). */
  readonly en?: string;
}

const CENTRAL: LocalTimeZone = { timeZone: 'America/Mexico_City', es: 'hora del centro' };
const PACIFIC_MX: LocalTimeZone = { timeZone: 'America/Mazatlan', es: 'hora del Pacífico', en: 'MST' };
/** Mexico's states by the zone they keep (2022 law: no daylight saving time outside the border strip). */
const MEXICAN_STATES: Readonly<Record<string, LocalTimeZone>> = {
  'Baja California': { timeZone: 'America/Tijuana', es: 'hora del noroeste' },
  'Baja California Sur': PACIFIC_MX,
  Sinaloa: PACIFIC_MX,
  Nayarit: PACIFIC_MX,
  Sonora: { timeZone: 'America/Hermosillo', es: 'hora del Pacífico', en: 'MST' },
  'Quintana Roo': { timeZone: 'America/Cancun', es: 'hora del sureste' },
};

/**
 * How far from the border the strip reaches that keeps the United States' daylight saving time
 * (the border municipalities of Chihuahua, Coahuila, Nuevo León and Tamaulipas), roughly.
 */
const BORDER_STRIP_KM = 30;
/** West of this, Texas (El Paso) keeps mountain time. */
const TEXAS_MOUNTAIN_WEST_OF_LNG = -104.9;
/** West of this, Chihuahua's border strip (Ciudad Juárez) keeps mountain time; east of it (Ojinaga), central. */
const JUAREZ_STRIP_WEST_OF_LNG = -105;

const US_STATES: Readonly<Record<string, string>> = {
  California: 'America/Los_Angeles',
  Arizona: 'America/Phoenix',
  'New Mexico': 'America/Denver',
  Texas: 'America/Chicago',
};

const CENTRAL_AMERICA: Readonly<Record<string, string>> = {
  GT: 'America/Guatemala',
  BZ: 'America/Belize',
  SV: 'America/El_Salvador',
  HN: 'America/Tegucigalpa',
  NI: 'America/Managua',
  CR: 'America/Costa_Rica',
  PA: 'America/Panama',
};

/** Where a public position is, as far as its zone depends on it: all public values. */
export interface ZoneQuery {
  place?: Pick<Place, 'state' | 'country'>;
  /** The snapped position's longitude. */
  lng: number;
  /** The public (rounded) distance to the border; null when unknown. */
  distanceToBorderKm: number | null;
}

/**
 * The time zone where a public position is, for saying its time as people there read clocks: by
 * the state of its public place, the border strip's daylight-saving zones by the distance to the
 * border, and central Mexico's (most of a caravan's road) when no place is named. Coarse on
 * purpose: it says no more than the place and the distance already do.
 * @example localTimeZone({ place: { state: 'Chiapas', country: 'MX' }, lng: -93.9, distanceToBorderKm: 1130 }).timeZone // 'America/Mexico_City'
 */
export function localTimeZone({ place, lng, distanceToBorderKm }: ZoneQuery): LocalTimeZone {
  if (!place) return CENTRAL;
  const { state, country } = place;
  if (country === 'US' && state === 'Texas' && lng < TEXAS_MOUNTAIN_WEST_OF_LNG)
    return { timeZone: 'America/Denver', es: 'hora de Texas' };
  if (country === 'US')
    return { timeZone: US_STATES[state] ?? 'America/Chicago', es: `hora de ${state === 'New Mexico' ? 'Nuevo México' : state}` };
  const centralAmerican = CENTRAL_AMERICA[country];
  if (centralAmerican) return { timeZone: centralAmerican, es: `hora de ${countryName(country, 'es')}` };
  const inBorderStrip = distanceToBorderKm !== null && distanceToBorderKm <= BORDER_STRIP_KM;
  if (inBorderStrip && state === 'Chihuahua' && lng < JUAREZ_STRIP_WEST_OF_LNG)
    return { timeZone: 'America/Ciudad_Juarez', es: 'hora del Pacífico' };
  if (inBorderStrip && ['Chihuahua', 'Coahuila', 'Nuevo León', 'Tamaulipas'].includes(state))
    return { timeZone: 'America/Matamoros', es: 'hora del centro' };
  return MEXICAN_STATES[state] ?? CENTRAL;
}
