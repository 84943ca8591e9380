import { effect } from '@preact/signals-core';
import type { Report } from '@rumbo/shared';
import { Popup, type Map as MapLibreMap, type PointLike } from 'maplibre-gl';
import type { Units } from '../lib/units';
import { LATEST_LAYER } from '../map/latest-layer';
import { REPORT_POINTS_LAYER } from '../map/report-points-layer';
import { localeFor, timeFormatter, utcText } from './format-time';
import { popupFocus, reportPopupContent } from './report-popup';
import type { NewsroomState } from './state';

/** A dot is a few pixels wide: a click this close to one still picks it. */
const CLICK_TOLERANCE_PX = 5;

/** The report under a click, if any: the topmost of the latest marker and the report dots. */
function reportIdAt(map: MapLibreMap, point: { x: number; y: number }): string | null {
  const box: [PointLike, PointLike] = [
    [point.x - CLICK_TOLERANCE_PX, point.y - CLICK_TOLERANCE_PX],
    [point.x + CLICK_TOLERANCE_PX, point.y + CLICK_TOLERANCE_PX],
  ];
  const [feature] = map.queryRenderedFeatures(box, { layers: [LATEST_LAYER, REPORT_POINTS_LAYER] });
  const id: unknown = feature?.properties.id;
  return typeof id === 'string' ? id : null;
}

/**
 * Selecting a report: a click on the map selects it and opens its popup; a selection made
 * elsewhere (the reports list) also flies the map to it. One popup, reused, for the page.
 */
export function mountReportSelection(map: MapLibreMap, state: NewsroomState, highlight: (id: string | null) => void): void {
  const popup = new Popup({ closeOnClick: false, maxWidth: '300px', offset: 10, focusAfterOpen: false });
  // Closed with focus inside, and its opener redrawn: back to the report's row, else to the map.
  const focus = popupFocus(
    popup,
    (id) => document.querySelector<HTMLElement>(`[data-report-id="${CSS.escape(id)}"] .report__select`) ?? map.getCanvas(),
  );
  const formatTime = timeFormatter(state.lang);
  const locale = localeFor(state.lang);
  popup.on('close', () => (state.selectedReportId.value = null));
  /** Set while a click on the map is selecting: the map is already where the report is. */
  let clickedId: string | null = null;
  map.on('click', (event) => {
    clickedId = reportIdAt(map, event.point);
    state.selectedReportId.value = clickedId;
  });
  for (const layer of [LATEST_LAYER, REPORT_POINTS_LAYER]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }

  /** What the open popup shows, to redraw it only when that changes. */
  let shown: { report: Report; reporterNames: Record<string, string>; units: Units } | null = null;
  effect(() => {
    const id = state.selectedReportId.value;
    // Every report, not only the drawn ones: the list may select one hidden or later than the replay.
    const report = id === null ? undefined : state.reports.value.find((candidate) => candidate.id === id);
    const reporterNames = state.reporterNames.value;
    const units = state.units.value;
    highlight(report ? report.id : null);
    if (!report) {
      shown = null;
      if (popup.isOpen()) popup.remove();
      return;
    }
    if (report.id !== shown?.report.id && report.id !== clickedId) {
      map.flyTo({ center: [report.lng, report.lat], zoom: Math.max(map.getZoom(), 11) });
    }
    clickedId = null;
    focus.update(report.id !== shown?.report.id, () => {
      // A push for another report leaves this popup as it is; a change to this one redraws it.
      if (shown?.report !== report || shown.reporterNames !== reporterNames || shown.units !== units) {
        popup.setDOMContent(reportPopupContent(report, { t: state.t, locale, formatTime, utcText, reporterNames, units }));
      }
      popup.setLngLat([report.lng, report.lat]);
      if (!popup.isOpen()) popup.addTo(map);
    });
    shown = { report, reporterNames, units };
  });
}
