import type { Report } from '@rumbo/shared';
import { fixTimeMs, isOnTrack } from '@rumbo/shared/track';
import type { XY } from '../lib/downsample';
import { localeFor } from './format-time';
import { mountLineChart } from './line-chart';
import { formatCount } from './panel-format';
import type { NewsroomState } from './state';

/**
 * The headcounts the chart draws: those of the reports on the track (visible, unflagged, as the
 * distance chart), in fix-time order. Reports without a headcount are skipped, not counted as zero.
 */
export function headcountSeries(reports: readonly Report[]): XY[] {
  const series: XY[] = [];
  for (const report of reports) {
    if (report.headcount !== undefined && isOnTrack(report)) series.push({ x: fixTimeMs(report), y: report.headcount });
  }
  return series;
}

/** A small chart of the reporters' headcount estimates over time, beside the distance chart. */
export function mountHeadcountChart(figure: HTMLElement, state: NewsroomState): void {
  const count = (people: number) => formatCount(people, localeFor(state.lang));
  mountLineChart(figure, state, {
    series: headcountSeries,
    formatValue: (people) => state.t('headcount-chart.people', { n: count(people) }),
    // Estimates that agree draw a flat line mid-chart, not one person's difference from edge to edge.
    minRange: 20,
    describe: ({ from, to, ...days }) => state.t('headcount-chart.label', { from: count(from), to: count(to), ...days }),
    emptyText: state.t('headcount-chart.empty'),
  });
}
