import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Lang } from '../i18n/i18n';
import townsUrl from '@rumbo/shared/data/places/towns.geo.json?url';
import geographyUrl from './data/geography.topo.json?url';

/** What the bundled basemap draws besides land and countries: lines between states, and names. */
export interface Geography {
  /** Boundaries between two states of Mexico or of the United States (no coasts, no national borders). */
  stateLines: GeoJSON.FeatureCollection;
  /** One point per state, properties `{ name, country }`, named in the page's language. */
  stateLabels: GeoJSON.FeatureCollection<GeoJSON.Point>;
  /** One point per country named, properties `{ name, rank }` (1: Mexico and the United States), named in the page's language. */
  countryLabels: GeoJSON.FeatureCollection<GeoJSON.Point>;
  /** Towns of 5,000 people or more (GeoNames), properties `{ name, population }`. */
  towns: GeoJSON.FeatureCollection<GeoJSON.Point>;
}

type GeographyTopology = Topology<{
  stateLines: GeometryCollection;
  stateLabels: GeometryCollection;
  countryLabels: GeometryCollection;
}>;

const getJson = async <T>(url: string): Promise<T> => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`basemap data ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
};

/** GeoNames gives these capitals their English names; a Spanish page shows the Spanish ones. */
const TOWN_NAMES_ES: Record<string, string> = {
  'Mexico City': 'Ciudad de México',
  'Guatemala City': 'Ciudad de Guatemala',
  'Belize City': 'Ciudad de Belice',
};

function townsInLanguage(towns: GeoJSON.FeatureCollection<GeoJSON.Point>, lang: Lang): GeoJSON.FeatureCollection<GeoJSON.Point> {
  if (lang !== 'es') return towns;
  for (const town of towns.features) {
    const name = TOWN_NAMES_ES[town.properties!.name as string];
    if (name) town.properties!.name = name;
  }
  return towns;
}

type Named = GeoJSON.FeatureCollection<GeoJSON.Point, Record<Lang, string> & Record<string, unknown>>;

/** Label points carry both names; each gets `name`, in the page's language, for the label layers to show. */
function inLanguage(labels: Named, lang: Lang): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: labels.features.map(({ properties: { en, es, ...rest }, geometry }) => ({
      type: 'Feature',
      properties: { ...rest, name: lang === 'es' ? es : en },
      geometry,
    })),
  };
}

/**
 * Fetches the geography files (both are assets of the build, not part of the page's script, so the
 * embed's code stays small and the browser caches them across pages) and unpacks the TopoJSON.
 */
export async function loadGeography(lang: Lang): Promise<Geography> {
  const [topology, towns] = await Promise.all([
    getJson<GeographyTopology>(geographyUrl),
    getJson<GeoJSON.FeatureCollection<GeoJSON.Point>>(townsUrl),
  ]);
  const { stateLines, stateLabels, countryLabels } = topology.objects;
  return {
    stateLines: feature(topology, stateLines),
    stateLabels: inLanguage(feature(topology, stateLabels) as Named, lang),
    countryLabels: inLanguage(feature(topology, countryLabels) as Named, lang),
    towns: townsInLanguage(towns, lang),
  };
}
