import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import border from '@rumbo/shared/data/us-mx-border.geo.json';
import type { Lang } from '../i18n/i18n';
import { loadGeography } from './geography-data';
import { placeLabelLayers } from './place-labels';

/** Credits shown by the map's attribution control, one per source of data drawn. */
const NATURAL_EARTH = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>';
const GEONAMES = '<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)';

async function loadCountries() {
  const topology = (await (await fetch(countriesUrl)).json()) as Topology<{ countries: GeometryCollection }>;
  return {
    land: feature(topology, topology.objects.countries),
    countryBorders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
  };
}

/**
 * The bundled offline basemap: Natural Earth (public domain) land, country borders (1:50m, via
 * world-atlas) and the lines between states (1:10m Mexico, 1:50m United States), the US–Mexico
 * border drawn on top, and names: countries and states in the page's language, towns from
 * GeoNames by size. Works with no network; every file is an asset of the build.
 */
export async function offlineBasemapStyle(lang: Lang): Promise<StyleSpecification> {
  const [{ land, countryBorders }, geography] = await Promise.all([loadCountries(), loadGeography(lang)]);
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: land, attribution: NATURAL_EARTH },
      'country-borders': { type: 'geojson', data: countryBorders },
      'state-lines': { type: 'geojson', data: geography.stateLines },
      'us-mx-border': { type: 'geojson', data: border as GeoJSON.Feature },
      towns: { type: 'geojson', data: geography.towns, attribution: GEONAMES },
      'state-labels': { type: 'geojson', data: geography.stateLabels },
      'country-labels': { type: 'geojson', data: geography.countryLabels },
    },
    layers: [
      { id: 'ocean', type: 'background', paint: { 'background-color': '#cddfe9' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f4f1ea' } },
      {
        id: 'state-lines',
        type: 'line',
        source: 'state-lines',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#b9aea1', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 9, 1.2] },
      },
      { id: 'country-borders', type: 'line', source: 'country-borders', paint: { 'line-color': '#9a9a9a', 'line-width': 0.8 } },
      ...borderLayers(),
      ...placeLabelLayers(),
    ],
  };
}

/** The US–Mexico border, highlighted; also added on top of a remote style. */
export function borderLayers(): StyleSpecification['layers'] {
  return [
    { id: 'us-mx-border-halo', type: 'line', source: 'us-mx-border', paint: { 'line-color': '#ffffff', 'line-width': 5 } },
    { id: 'us-mx-border', type: 'line', source: 'us-mx-border', paint: { 'line-color': '#c62828', 'line-width': 2.5 } },
  ];
}

export { border as borderFeature };
