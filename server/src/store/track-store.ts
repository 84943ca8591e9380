import type { Caravan, Report } from '@rumbo/shared';
import type { TrackPoint } from '@rumbo/shared/geo';

export type StoreKind = 'redis' | 'memory';

export interface ReportQuery {
  sinceMs?: number;
  untilMs?: number;
  limit: number;
}

/** The few facts a caravan summary is computed from, each read in constant time. */
export interface TrackFacts {
  reportCount: number;
  latest: Report | null;
  windowStart: TrackPoint | null;
  traveledKm: number;
  /**
   * How many times a report of the caravan has been hidden or restored. A report count cannot see
   * moderation; this lets a cache (the public views) notice one made on another instance.
   */
  moderationCount: number;
}

export interface InsertResult {
  duplicate: boolean;
  /** The stored report: on a duplicate, the one stored first. */
  report: Report;
}

/**
 * Where caravans and reports live. Two implementations, one contract (server/test/store):
 * RedisStore for production and several instances, MemoryStore as the embedded default.
 *
 * The *track* (`@rumbo/shared/track`: visible, unflagged reports in fix time, id order) feeds
 * `latest`, the metrics and the public projection. `traveledKm` is kept up to date on every
 * insert by adding the legs a new fix creates and removing the one it splits (legDeltaKm).
 */
export interface TrackStore {
  readonly kind: StoreKind;
  /** Resolves when the store answers; rejects when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** false when a caravan with this id exists already. */
  createCaravan(caravan: Caravan): Promise<boolean>;
  getCaravan(caravanId: string): Promise<Caravan | null>;
  listCaravans(): Promise<Caravan[]>;
  /** Atomic and idempotent on (caravanId, report.id). */
  insertReport(report: Report): Promise<InsertResult>;
  /** Reports in track order (compareTrackOrder), hidden and flagged ones too. */
  listReports(caravanId: string, query: ReportQuery): Promise<Report[]>;
  trackFacts(caravanId: string): Promise<TrackFacts>;
  /** The track fixed at or before `untilMs`, in track order. */
  listTrack(caravanId: string, untilMs: number, limit: number): Promise<Report[]>;
  /** Replaces a caravan's settings (name, status, route, public); false when it does not exist. */
  updateCaravan(caravan: Caravan): Promise<boolean>;
  getReport(caravanId: string, reportId: string): Promise<Report | null>;
  /**
   * Moderation: hides or restores a report (nothing is ever deleted). Keeps the track and
   * traveledKm right atomically. Null when the report does not exist.
   */
  setHidden(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null>;
  /** The last report on the track fixed at or before `recordedAtMs` (plausibility checks). */
  previousOnTrack(caravanId: string, recordedAtMs: number): Promise<Report | null>;
}
