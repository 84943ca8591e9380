import { effect } from '@preact/signals-core';
import type { Report } from '@rumbo/shared';
import { downsample, type XY } from '../lib/downsample';
import { localeFor } from './format-time';
import type { NewsroomState } from './state';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** More points than this add nothing at panel width and cost a redraw on every push. */
export const MAX_CHART_POINTS = 300;
const WIDTH = 320;
/**
 * The labels' size in the chart's units. The chart is drawn at the panel's width (328 px on a
 * desk, 304 px on a 360 px phone), so 13 units are read at 12 px or more: 9 px was too small.
 */
export const LABEL_SIZE = 13;
const HEIGHT = 96;
/** The plot between a label line on top (the high value) and one below (the first and last days). */
const PLOT = { left: 2, right: WIDTH - 2, top: LABEL_SIZE + 5, bottom: HEIGHT - LABEL_SIZE - 8 };
const label = (x: number, y: number, text: string, anchor: 'start' | 'end' = 'start') =>
  svg('text', { class: 'chart__label', x, y, 'font-size': LABEL_SIZE, 'text-anchor': anchor }, text);

/** What one small chart of the panel draws, and how it writes its values. */
export interface LineChart {
  /** Time (ms) against a value, from the reports of the moment shown. */
  series(reports: readonly Report[]): XY[];
  /** A value as labelled: "1,129.4 km", "~6,000". */
  formatValue(value: number): string;
  /** The least range drawn: a flat line sits mid-chart instead of swinging across it. */
  minRange: number;
  /** The trend in words for screen readers, from the first and last values and their days. */
  describe(trend: { from: number; start: string; to: number; end: string }): string;
  /** Said instead of a chart when fewer than two points have a value. */
  emptyText: string;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Draws the line, its area, the latest point and the range labels into the svg; returns its label. */
function draw(chart: SVGSVGElement, points: readonly XY[], spec: LineChart, locale: string): string {
  const first = points[0]!;
  const last = points.at(-1)!;
  let low = Infinity;
  let high = -Infinity;
  for (const { y } of points) [low, high] = [Math.min(low, y), Math.max(high, y)];
  if (high - low < spec.minRange) [low, high] = [(low + high - spec.minRange) / 2, (low + high + spec.minRange) / 2];
  const spanMs = Math.max(1, last.x - first.x);
  const xOf = (x: number) => PLOT.left + ((x - first.x) / spanMs) * (PLOT.right - PLOT.left);
  const yOf = (y: number) => PLOT.bottom - ((y - low) / (high - low)) * (PLOT.bottom - PLOT.top);
  const line = points.map(({ x, y }) => `${xOf(x).toFixed(1)},${yOf(y).toFixed(1)}`).join(' ');
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  chart.replaceChildren(
    svg('polygon', { class: 'chart__area', points: `${xOf(first.x)},${PLOT.bottom} ${line} ${xOf(last.x)},${PLOT.bottom}` }),
    svg('polyline', { class: 'chart__line', points: line }),
    svg('circle', { class: 'chart__latest', cx: xOf(last.x).toFixed(1), cy: yOf(last.y).toFixed(1), r: 3 }),
    label(PLOT.left, LABEL_SIZE, spec.formatValue(high)),
    label(PLOT.left, HEIGHT - 4, day.format(first.x)),
    label(PLOT.right, HEIGHT - 4, day.format(last.x), 'end'),
    label(PLOT.left + 2, PLOT.bottom - 3, spec.formatValue(low)),
  );
  // Screen readers get the trend in words; the figure's caption names the chart.
  return spec.describe({ from: first.y, start: day.format(first.x), to: last.y, end: day.format(last.x) });
}

/**
 * A small chart of a value over time, from the reports of the moment shown (so it follows
 * replay), or a sentence while fewer than two reports have a value. SVG built element by element;
 * thinned to MAX_CHART_POINTS. The figure says how many points it has (`data-track-points`) and
 * draws (`data-points`).
 */
export function mountLineChart(figure: HTMLElement, state: NewsroomState, spec: LineChart): void {
  const chart = svg('svg', { class: 'chart__svg', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' });
  const empty = document.createElement('p');
  empty.className = 'chart__empty';
  empty.textContent = spec.emptyText;
  figure.append(chart, empty);
  let frame = 0;
  effect(() => {
    const series = spec.series(state.viewReports.value);
    void state.units.value;
    // Bursts of pushes become one redraw per animation frame.
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const points = downsample(series, MAX_CHART_POINTS);
      const drawable = points.length >= 2;
      chart.style.display = drawable ? '' : 'none';
      empty.hidden = drawable;
      if (drawable) chart.setAttribute('aria-label', draw(chart, points, spec, localeFor(state.lang)));
      else {
        chart.replaceChildren();
        chart.removeAttribute('aria-label');
      }
      figure.dataset.trackPoints = String(series.length);
      figure.dataset.points = String(drawable ? points.length : 0);
    });
  });
}
