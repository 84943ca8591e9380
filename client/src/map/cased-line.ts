import type { Map as MapLibreMap } from 'maplibre-gl';

export interface CasedLineStyle {
  color: string;
  casingColor: string;
  /** Width of the line; the casing under it is this plus `casingExtra`. */
  width: number;
  casingExtra: number;
}

/**
 * A line drawn over a wider casing of another colour, so it reads on any basemap: two layers,
 * `${id}-casing` then `id`, on `source`.
 */
export function addCasedLine(map: MapLibreMap, id: string, source: string, style: CasedLineStyle): void {
  const layout = { 'line-join': 'round', 'line-cap': 'round' } as const;
  map.addLayer({
    id: `${id}-casing`,
    type: 'line',
    source,
    layout,
    paint: { 'line-color': style.casingColor, 'line-width': style.width + style.casingExtra },
  });
  map.addLayer({ id, type: 'line', source, layout, paint: { 'line-color': style.color, 'line-width': style.width } });
}
