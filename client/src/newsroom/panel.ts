import type { CaravanSummary } from '@rumbo/shared';
import type { ConnectionState } from '../realtime/newsroom-socket';
import { formatAgo, formatKm, formatTime } from '../lib/format';

const CONNECTION_LABELS: Record<ConnectionState, string> = { live: 'live', reconnecting: 'reconnecting…', offline: 'offline' };

function field(root: HTMLElement, name: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!element) throw new Error(`panel field ${name} is missing from the page`);
  return element;
}

/** The side panel: headline numbers, freshness and connection state. Text only, never HTML. */
export function createPanel(root: HTMLElement) {
  let summary: CaravanSummary | null = null;
  const renderFreshness = () => {
    const lastReportAt = summary?.metrics.lastReportAt ?? null;
    const lastReport = field(root, 'last-report');
    lastReport.textContent = lastReportAt ? `${formatAgo(lastReportAt)} (${formatTime(lastReportAt)})` : 'no reports yet';
    lastReport.title = lastReportAt ?? '';
  };
  setInterval(renderFreshness, 30_000);
  return {
    showSummary(next: CaravanSummary) {
      summary = next;
      const { metrics, caravan, latest } = next;
      field(root, 'caravan-name').textContent = caravan.name;
      field(root, 'distance').textContent = formatKm(metrics.distanceToBorderKm);
      field(root, 'crossing').textContent = metrics.nearestCrossing
        ? `${metrics.nearestCrossing.name} (${formatKm(metrics.nearestCrossing.distanceKm)})`
        : '–';
      field(root, 'traveled').textContent = formatKm(metrics.traveledKm);
      field(root, 'report-count').textContent = String(next.reportCount);
      field(root, 'demo').hidden = latest?.source !== 'demo';
      renderFreshness();
      root.hidden = false;
    },
    showConnection(state: ConnectionState) {
      const element = field(root, 'connection');
      element.textContent = CONNECTION_LABELS[state];
      element.dataset.state = state;
    },
  };
}
