/**
 * Redis keys. Every key of one caravan carries the hash tag `{caravanId}`, so the multi-key
 * insert script stays valid on Redis Cluster (all of a caravan's keys share one slot).
 */
export const keys = {
  caravanIndex: 'rumbo:caravans',
  caravan: (caravanId: string) => `rumbo:{${caravanId}}:caravan`,
  /** hash: report id → report JSON */
  reports: (caravanId: string) => `rumbo:{${caravanId}}:reports`,
  /** sorted set: every report id, scored by fix time (ms): track order, `compareTrackOrder` in @rumbo/shared/track */
  all: (caravanId: string) => `rumbo:{${caravanId}}:all`,
  /** sorted set: the ids of the speed candidates (`isSpeedCandidate`), scored and ordered as `all` */
  candidates: (caravanId: string) => `rumbo:{${caravanId}}:candidates`,
  /** sorted set: the ids of the reports on the track (`isOnTrack`), scored and ordered as `all` */
  track: (caravanId: string) => `rumbo:{${caravanId}}:track`,
  /** hash: running totals (traveledKm), the revision writes are checked against, revisions (revisionCount) */
  state: (caravanId: string) => `rumbo:{${caravanId}}:state`,
  /** sorted set: `s|id` (stored) and `u|id` (updated) not yet pushed, scored by the revision that made them */
  unpushed: (caravanId: string) => `rumbo:{${caravanId}}:unpushed`,
} as const;
