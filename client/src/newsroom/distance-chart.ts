import type { Report } from '@rumbo/shared';
import { fixTimeMs, isOnTrack } from '@rumbo/shared/track';
import type { XY } from '../lib/downsample';
import { formatDistance } from '../lib/units';
import { localeFor } from './format-time';
import { mountLineChart } from './line-chart';
import type { NewsroomState } from './state';

/** The track the chart draws: visible, unflagged fixes (as on the map), time against distance in km. */
export function chartSeries(reports: readonly Report[]): XY[] {
  const series: XY[] = [];
  for (const report of reports) {
    if (isOnTrack(report)) series.push({ x: fixTimeMs(report), y: report.metrics.distanceToBorderKm });
  }
  return series;
}

/** A small chart of the straight-line distance to the border over time, in the reader's units. */
export function mountDistanceChart(figure: HTMLElement, state: NewsroomState): void {
  const distance = (km: number) => formatDistance(km, state.units.value, localeFor(state.lang));
  mountLineChart(figure, state, {
    series: chartSeries,
    formatValue: distance,
    // A resting caravan gives a flat line: keep a kilometre of range so it sits mid-chart.
    minRange: 1,
    describe: ({ from, to, ...days }) => state.t('chart.label', { from: distance(from), to: distance(to), ...days }),
    emptyText: state.t('chart.empty'),
  });
}
