import type { Map as MapLibreMap } from 'maplibre-gl';

/** Data attribute → the label layers whose names, as drawn, it lists. */
const LABEL_ATTRIBUTES = {
  townLabels: ['city-labels', 'town-labels'],
  stateLabels: ['state-labels'],
  countryLabels: ['country-labels'],
  crossingLabels: ['border-crossing-labels'],
} as const;

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * Each time the map settles, writes on its element what it shows: `data-bounds` (west, south,
 * east, north), `data-zoom`, and the names MapLibre actually placed on screen, after collisions
 * (`data-town-labels`, `data-state-labels`, `data-country-labels`, `data-crossing-labels`,
 * separated by `|`). For tests, and for anyone inspecting the page; layers a style lacks are left out.
 */
export function recordView(map: MapLibreMap, element: HTMLElement): void {
  map.on('idle', () => {
    const bounds = map.getBounds();
    element.dataset.bounds = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map(round).join(',');
    element.dataset.zoom = map.getZoom().toFixed(2);
    for (const [attribute, ids] of Object.entries(LABEL_ATTRIBUTES)) {
      const layers = ids.filter((id) => map.getLayer(id));
      if (layers.length === 0) continue;
      const names = new Set(map.queryRenderedFeatures({ layers }).map((label) => String(label.properties.name)));
      element.dataset[attribute] = [...names].join('|');
    }
  });
}
