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
  /** string: the caravan's alert rules as JSON; absent until first written (the defaults apply) */
  alertRules: (caravanId: string) => `rumbo:{${caravanId}}:alert-rules`,
  /** hash: claim (`rule id|subject`) → the id of the alert that claimed it: each milestone once */
  alertClaims: (caravanId: string) => `rumbo:{${caravanId}}:alert-claims`,
  /** hash: alert id → alert JSON */
  alerts: (caravanId: string) => `rumbo:{${caravanId}}:alerts`,
  /** hash: reporter id (and `*`, anyone) → when a report of it last arrived (ms) */
  alertHeard: (caravanId: string) => `rumbo:{${caravanId}}:alert-heard`,
  /** hash: `rule id|reporter` of each open silence → the id of the alert that opened it */
  alertSilences: (caravanId: string) => `rumbo:{${caravanId}}:alert-silences`,
  /** hash: webhook id → webhook JSON (with its secret): global, like the accounts */
  webhooks: 'rumbo:webhooks',
  /** hash: delivery id → delivery JSON */
  deliveries: 'rumbo:webhook-deliveries',
  /** sorted set per webhook: its delivery ids by creation time (the delivery log) */
  webhookDeliveries: (webhookId: string) => `rumbo:webhook:${webhookId}:deliveries`,
  /** sorted set: delivery ids due, scored by when the next attempt may start (a lease while one runs) */
  deliveryQueue: 'rumbo:webhook-queue',
} as const;
