import type { Caravan, Report } from '@rumbo/shared';
import { SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import { countFixedBy, firstAtOrAfter, fixTimeMs, insertionIndex, isOnTrack, lastFixedBy, legDeltaKm } from '@rumbo/shared/track';
import type { InsertResult, ReportQuery, TrackFacts, TrackStore } from './track-store';

interface CaravanRecord {
  caravan: Caravan;
  reports: Map<string, Report>;
  /** Every report, in track order. */
  all: Report[];
  /** The track (isOnTrack), in track order. */
  track: Report[];
  traveledKm: number;
  /** Reports hidden or restored, ever (TrackFacts.moderationCount). */
  moderationCount: number;
}

/**
 * The embedded store: everything in this process's memory, nothing kept across restarts.
 * Each call runs to completion on the event loop, which makes every insert atomic.
 */
export class MemoryStore implements TrackStore {
  readonly kind = 'memory' as const;
  private readonly caravans = new Map<string, CaravanRecord>();

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  async createCaravan(caravan: Caravan): Promise<boolean> {
    if (this.caravans.has(caravan.id)) return false;
    this.caravans.set(caravan.id, {
      caravan: structuredClone(caravan),
      reports: new Map(),
      all: [],
      track: [],
      traveledKm: 0,
      moderationCount: 0,
    });
    return true;
  }

  async getCaravan(caravanId: string): Promise<Caravan | null> {
    const record = this.caravans.get(caravanId);
    return record ? structuredClone(record.caravan) : null;
  }

  async listCaravans(): Promise<Caravan[]> {
    return [...this.caravans.values()].map((record) => structuredClone(record.caravan));
  }

  async updateCaravan(caravan: Caravan): Promise<boolean> {
    const record = this.caravans.get(caravan.id);
    if (!record) return false;
    record.caravan = structuredClone(caravan);
    return true;
  }

  async getReport(caravanId: string, reportId: string): Promise<Report | null> {
    const report = this.caravans.get(caravanId)?.reports.get(reportId);
    return report ? structuredClone(report) : null;
  }

  async setHidden(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null> {
    const record = this.caravans.get(caravanId);
    const report = record?.reports.get(reportId);
    if (!record || !report) return null;
    if (report.hidden === hidden) return structuredClone(report);
    const wasOnTrack = isOnTrack(report);
    if (wasOnTrack) this.leaveTrack(record, report);
    report.hidden = hidden;
    record.moderationCount++;
    if (isOnTrack(report)) this.joinTrack(record, report);
    return structuredClone(report);
  }

  /** Puts a report on the track, adding the legs it creates and removing the one it splits. */
  private joinTrack(record: CaravanRecord, report: Report): void {
    const at = insertionIndex(record.track, report);
    record.traveledKm += legDeltaKm(record.track[at - 1], report, record.track[at]);
    record.track.splice(at, 0, report);
  }

  private leaveTrack(record: CaravanRecord, report: Report): void {
    const at = record.track.indexOf(report);
    record.track.splice(at, 1);
    record.traveledKm -= legDeltaKm(record.track[at - 1], report, record.track[at]);
  }

  async insertReport(report: Report): Promise<InsertResult> {
    const record = this.caravans.get(report.caravanId);
    if (!record) throw new Error(`caravan ${report.caravanId} does not exist`);
    const existing = record.reports.get(report.id);
    if (existing) return { duplicate: true, report: structuredClone(existing) };
    const stored = structuredClone(report);
    record.reports.set(stored.id, stored);
    record.all.splice(insertionIndex(record.all, stored), 0, stored);
    if (isOnTrack(stored)) this.joinTrack(record, stored);
    return { duplicate: false, report: structuredClone(stored) };
  }

  async listReports(caravanId: string, { sinceMs, untilMs, limit }: ReportQuery): Promise<Report[]> {
    const record = this.caravans.get(caravanId);
    if (!record) return [];
    const start = sinceMs === undefined ? 0 : firstAtOrAfter(record.all, sinceMs);
    const result: Report[] = [];
    for (let i = start; i < record.all.length && result.length < limit; i++) {
      const report = record.all[i]!;
      if (untilMs !== undefined && fixTimeMs(report) > untilMs) break;
      result.push(structuredClone(report));
    }
    return result;
  }

  async listTrack(caravanId: string, untilMs: number, limit: number): Promise<Report[]> {
    const track = this.caravans.get(caravanId)?.track ?? [];
    return track.slice(0, Math.min(limit, countFixedBy(track, untilMs))).map((report) => structuredClone(report));
  }

  async previousOnTrack(caravanId: string, recordedAtMs: number): Promise<Report | null> {
    const record = this.caravans.get(caravanId);
    if (!record) return null;
    const previous = lastFixedBy(record.track, recordedAtMs);
    return previous ? structuredClone(previous) : null;
  }

  async trackFacts(caravanId: string): Promise<TrackFacts> {
    const record = this.caravans.get(caravanId);
    if (!record || record.track.length === 0) {
      const moderationCount = record?.moderationCount ?? 0;
      return { reportCount: record?.reports.size ?? 0, latest: null, windowStart: null, traveledKm: 0, moderationCount };
    }
    const latest = record.track.at(-1)!;
    const windowIndex = countFixedBy(record.track, fixTimeMs(latest) - SPEED_WINDOW_MS) - 1;
    const windowStart = record.track[Math.max(0, windowIndex)]!;
    return {
      reportCount: record.reports.size,
      latest: structuredClone(latest),
      windowStart: structuredClone(windowStart),
      traveledKm: record.traveledKm,
      moderationCount: record.moderationCount,
    };
  }
}
