import { isDoubted } from '@rumbo/shared/track';
import type { Report } from '@rumbo/shared';
import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'report-points';
/** The layer a click on a report hits; its features carry the report id as `id`. */
export const REPORT_POINTS_LAYER = 'report-points';
const SELECTED_LAYER = 'report-point-selected';

type PointKind = 'visible' | 'flagged' | 'hidden';

/** Hidden wins over flagged: a hidden report is out of every view, whatever else is wrong with it. */
const kindOf = (report: Report): PointKind => (report.hidden ? 'hidden' : isDoubted(report) ? 'flagged' : 'visible');

function reportPoints(reports: readonly Report[], includeHiddenAndFlagged: boolean): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const features: GeoJSON.Feature<GeoJSON.Point>[] = [];
  for (const report of reports) {
    const kind = kindOf(report);
    if (kind !== 'visible' && !includeHiddenAndFlagged) continue;
    features.push({
      type: 'Feature',
      properties: { id: report.id, kind },
      geometry: { type: 'Point', coordinates: [report.lng, report.lat] },
    });
  }
  return { type: 'FeatureCollection', features };
}

const selectedFilter = (id: string | null): FilterSpecification => ['==', ['get', 'id'], id ?? ''];

/**
 * Every report as a dot, all from one GeoJSON source redrawn with setData (never a DOM marker
 * per report: tens of thousands of them must stay smooth). Hidden reports are grey rings,
 * flagged ones orange, and both are left out unless asked for.
 */
export function addReportPointsLayer(map: MapLibreMap) {
  map.addSource(SOURCE, { type: 'geojson', data: reportPoints([], false) });
  map.addLayer({
    id: REPORT_POINTS_LAYER,
    type: 'circle',
    source: SOURCE,
    layout: { 'circle-sort-key': ['match', ['get', 'kind'], 'visible', 0, 1] },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 1.5, 10, 4, 14, 6],
      'circle-color': ['match', ['get', 'kind'], 'flagged', '#ef6c00', 'hidden', '#ffffff', '#0d47a1'],
      'circle-opacity': ['match', ['get', 'kind'], 'hidden', 0.3, 1],
      'circle-stroke-color': ['match', ['get', 'kind'], 'flagged', '#ffffff', 'hidden', '#616161', '#ffffff'],
      // Zoomed out, hundreds of dots share a pixel and white outlines would bleach the track: hidden
      // ones keep their ring (it is all they are), the others get outlines only once they stand apart.
      'circle-stroke-width': [
        'interpolate',
        ['linear'],
        ['zoom'],
        7,
        ['match', ['get', 'kind'], 'hidden', 1.2, 0],
        10,
        ['match', ['get', 'kind'], 'hidden', 1.5, 0.8],
      ],
    },
  });
  map.addLayer({
    id: SELECTED_LAYER,
    type: 'circle',
    source: SOURCE,
    filter: selectedFilter(null),
    paint: {
      'circle-radius': 9,
      'circle-color': 'rgba(0, 0, 0, 0)',
      'circle-stroke-color': '#0d2240',
      'circle-stroke-width': 2.5,
    },
  });
  return {
    /** Redraws the dots; returns how many are drawn. */
    show(reports: readonly Report[], includeHiddenAndFlagged: boolean): number {
      const data = reportPoints(reports, includeHiddenAndFlagged);
      (map.getSource(SOURCE) as GeoJSONSource).setData(data);
      return data.features.length;
    },
    /** Rings the selected report (if it is drawn). */
    select(id: string | null): void {
      map.setFilter(SELECTED_LAYER, selectedFilter(id));
    },
  };
}
