import type { Caravan, CaravanSummary } from '@rumbo/shared';
import { caravanMetrics } from '@rumbo/shared/geo';
import type { TrackStore } from '../store/track-store';

/** What dashboards render for one caravan, from a constant number of store reads. */
export async function caravanSummary(store: TrackStore, caravan: Caravan): Promise<CaravanSummary> {
  const facts = await store.trackFacts(caravan.id);
  return {
    caravan,
    latest: facts.latest,
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
