import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import border from '@rumbo/shared/data/us-mx-border.geo.json';

/**
 * The bundled offline basemap: Natural Earth 1:50m countries (public domain, via world-atlas)
 * as land and country borders, with the US–Mexico border drawn on top. Works with no network.
 */
export async function offlineBasemapStyle(): Promise<StyleSpecification> {
  const topology = (await (await fetch(countriesUrl)).json()) as Topology<{ countries: GeometryCollection }>;
  const land = feature(topology, topology.objects.countries);
  const countryBorders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: land, attribution: 'Natural Earth' },
      'country-borders': { type: 'geojson', data: countryBorders },
      'us-mx-border': { type: 'geojson', data: border as GeoJSON.Feature },
    },
    layers: [
      { id: 'ocean', type: 'background', paint: { 'background-color': '#cddfe9' } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f4f1ea' } },
      { id: 'country-borders', type: 'line', source: 'country-borders', paint: { 'line-color': '#9a9a9a', 'line-width': 0.8 } },
      ...borderLayers(),
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
