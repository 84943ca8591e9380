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
   * How many times a stored report of the caravan changed: hidden, restored, or judged again as a
   * neighbour of a change (its `implausible_speed` flag). A report count cannot see those; this
   * lets a cache (the public views) notice one made on another instance.
   */
  revisionCount: number;
}

/**
 * The distance a running sum of leg deltas stands for. Adding and taking back the same legs in
 * floating point leaves residues of about 1e-13 km, which can go below zero and print as "-0 km";
 * read to the millimetre and never below zero, the stored sum says what the track measures.
 */
export function settledKm(runningSumKm: number): number {
  return Math.max(0, Math.round(runningSumKm * 1e6) / 1e6);
}

export interface StoreOptions {
  /** Faster than this between fixes is implausible (isSpeedOutlier); default DEFAULT_PLAUSIBILITY. */
  maxSpeedKmh?: number;
}

/** Changes to reports not yet pushed to the viewers, as the reports are now. */
/**
 * Where a store shared by several instances also publishes what a push takes, in the same step,
 * for the other instances' viewers (see realtime/report-relay.ts), and as which instance.
 */
export interface RelayTarget {
  channel: string;
  /** The taking instance: its own messages come back to it from Redis and are dropped unread. */
  origin: string;
}

export interface UnpushedChanges {
  /** Reports stored since the last take. */
  stored: Report[];
  /** Stored reports changed since the last take: hidden, restored, or judged again. */
  updated: Report[];
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
 * `latest`, the metrics and the public projection. A store judges speed itself: every insert, hide
 * and restore judges the neighbours of what it changes again (rejudgeWindow), so one stray fix is
 * the one flagged `implausible_speed` whatever order fixes arrive in, and keeps the track and
 * `traveledKm` right in the same atomic step.
 *
 * Every change to a report is also recorded, in the same step, as not yet pushed: whoever pushes
 * takes it (takeUnpushed) and it is gone for everyone else. So what is stored reaches the viewers
 * exactly once, also when the writer never heard back (a command that timed out after Redis ran it).
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
  /**
   * Atomic and idempotent on (caravanId, report.id). The stored report carries the store's speed
   * verdict (`implausible_speed`), whatever the given one carried.
   */
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
   * Moderation: hides or restores a report (nothing is ever deleted), judges its neighbours again,
   * and keeps the track and traveledKm right atomically. Null when the report does not exist.
   */
  setHidden(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null>;
  /**
   * Takes the caravan's changes not yet pushed (see above): one taker gets each change, once. With
   * `relay`, RedisStore also publishes them there in the same step; MemoryStore has no other instance to tell.
   */
  takeUnpushed(caravanId: string, relay?: RelayTarget): Promise<UnpushedChanges>;
}
