import type { Caravan, CaravanSummary, Report } from '@rumbo/shared';
import { caravanMetrics } from '@rumbo/shared/geo';
import { placeAt } from '@rumbo/shared/places';
import type { TrackStore } from '../store/track-store';

/** What dashboards render for one caravan, from a constant number of store reads. */
export async function caravanSummary(store: TrackStore, caravan: Caravan): Promise<CaravanSummary> {
  const facts = await store.trackFacts(caravan.id);
  return {
    caravan,
    latest: facts.latest && withPlace(facts.latest),
    reportCount: facts.reportCount,
    metrics: caravanMetrics({
      origin: [caravan.origin.lng, caravan.origin.lat],
      route: caravan.route,
      latest: facts.latest,
      windowStart: facts.windowStart,
      traveledKm: facts.traveledKm,
    }),
  };
}

/** Reports stored before places were named get theirs when shown as the latest. */
function withPlace(report: Report): Report {
  if (report.metrics.place) return report;
  const place = placeAt([report.lng, report.lat]);
  return place ? { ...report, metrics: { ...report.metrics, place } } : report;
}
