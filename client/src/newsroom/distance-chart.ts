import { effect } from '@preact/signals-core';
import type { Report } from '@rumbo/shared';
import { fixTimeMs, isOnTrack } from '@rumbo/shared/track';
import { downsample, type XY } from '../lib/downsample';
import { formatDistance } from '../lib/units';
import { localeFor } from './format-time';
import type { NewsroomState } from './state';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** More points than this add nothing at panel width and cost a redraw on every push. */
export const MAX_CHART_POINTS = 300;
const WIDTH = 320;
const HEIGHT = 80;
const PLOT = { left: 2, right: WIDTH - 2, top: 14, bottom: HEIGHT - 16 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The track the chart draws: visible, unflagged fixes (as on the map), time against distance in km. */
export function chartSeries(reports: readonly Report[]): XY[] {
  const series: XY[] = [];
  for (const report of reports) {
    if (isOnTrack(report)) series.push({ x: fixTimeMs(report), y: report.metrics.distanceToBorderKm });
  }
  return series;
}

/** Draws the line, its area, the latest point and the range labels into the svg. */
function draw(chart: SVGSVGElement, points: readonly XY[], state: NewsroomState): string {
  const locale = localeFor(state.lang);
  const units = state.units.value;
  const first = points[0]!;
  const last = points.at(-1)!;
  let low = Infinity;
  let high = -Infinity;
  for (const { y } of points) [low, high] = [Math.min(low, y), Math.max(high, y)];
  // A resting caravan gives a flat line: keep a kilometre of range so it sits mid-chart.
  if (high - low < 1) [low, high] = [low - 0.5, high + 0.5];
  const spanMs = Math.max(1, last.x - first.x);
  const xOf = (x: number) => PLOT.left + ((x - first.x) / spanMs) * (PLOT.right - PLOT.left);
  const yOf = (y: number) => PLOT.bottom - ((y - low) / (high - low)) * (PLOT.bottom - PLOT.top);
  const line = points.map(({ x, y }) => `${xOf(x).toFixed(1)},${yOf(y).toFixed(1)}`).join(' ');
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  const distance = (km: number) => formatDistance(km, units, locale);
  chart.replaceChildren(
    svg('polygon', { class: 'chart__area', points: `${xOf(first.x)},${PLOT.bottom} ${line} ${xOf(last.x)},${PLOT.bottom}` }),
    svg('polyline', { class: 'chart__line', points: line }),
    svg('circle', { class: 'chart__latest', cx: xOf(last.x).toFixed(1), cy: yOf(last.y).toFixed(1), r: 3 }),
    svg('text', { class: 'chart__label', x: PLOT.left, y: 10 }, distance(high)),
    svg('text', { class: 'chart__label', x: PLOT.left, y: HEIGHT - 3 }, day.format(first.x)),
    svg('text', { class: 'chart__label', x: PLOT.right, y: HEIGHT - 3, 'text-anchor': 'end' }, day.format(last.x)),
    svg('text', { class: 'chart__label', x: PLOT.left + 2, y: PLOT.bottom - 3 }, distance(low)),
  );
  // Screen readers get the trend in words; the figure's caption names the chart.
  return state.t('chart.label', {
    from: distance(first.y),
    start: day.format(first.x),
    to: distance(last.y),
    end: day.format(last.x),
  });
}

/**
 * A small chart of distance to the border over time, from the visible track of the moment shown
 * (so it follows replay). SVG built element by element; thinned to MAX_CHART_POINTS.
 */
export function mountDistanceChart(figure: HTMLElement, state: NewsroomState): void {
  const chart = svg('svg', { class: 'chart__svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' });
  const empty = document.createElement('p');
  empty.className = 'chart__empty';
  empty.textContent = state.t('chart.empty');
  figure.append(chart, empty);
  let frame = 0;
  effect(() => {
    const series = chartSeries(state.viewReports.value);
    void state.units.value;
    // Bursts of pushes become one redraw per animation frame.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const points = downsample(series, MAX_CHART_POINTS);
      const drawable = points.length >= 2;
      chart.style.display = drawable ? '' : 'none';
      empty.hidden = drawable;
      if (drawable) chart.setAttribute('aria-label', draw(chart, points, state));
      else chart.replaceChildren();
      figure.dataset.trackPoints = String(series.length);
      figure.dataset.points = String(drawable ? points.length : 0);
    });
  });
}
