import type { Caravan, Report } from '@rumbo/shared';
import { DEFAULT_PLAUSIBILITY, SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import {
  countFixedBy,
  firstAtOrAfter,
  fixTimeMs,
  insertionIndex,
  isSpeedCandidate,
  REJUDGE_MARGIN,
  rejudgeWindow,
  withSpeedVerdict,
  type CandidateChange,
} from '@rumbo/shared/track';
import {
  settledKm,
  type InsertResult,
  type ReportQuery,
  type StoreOptions,
  type TrackFacts,
  type TrackStore,
  type UnpushedChanges,
} from './track-store';

/** Index of the first report of `list` (in track order) after `report`, which `list` may hold. */
function firstAfter(list: readonly Report[], report: Report): number {
  const at = insertionIndex(list, report);
  return list[at]?.id === report.id ? at + 1 : at;
}

interface CaravanRecord {
  caravan: Caravan;
  reports: Map<string, Report>;
  /** Every report, in track order. */
  all: Report[];
  /** The speed candidates (isSpeedCandidate), in track order. */
  candidates: Report[];
  /** The track (isOnTrack: the candidates that are not speed outliers), in track order. */
  track: Report[];
  traveledKm: number;
  /** Stored reports changed, ever (TrackFacts.revisionCount). */
  revisionCount: number;
  /** Changes not yet taken for pushing (takeUnpushed): ids, in the order they were made. */
  unpushed: Map<string, 'stored' | 'updated'>;
}

/**
 * The embedded store: everything in this process's memory, nothing kept across restarts.
 * Each call runs to completion on the event loop, which makes every insert atomic.
 */
export class MemoryStore implements TrackStore {
  readonly kind = 'memory' as const;
  private readonly caravans = new Map<string, CaravanRecord>();
  private readonly maxSpeedKmh: number;

  constructor({ maxSpeedKmh = DEFAULT_PLAUSIBILITY.maxSpeedKmh }: StoreOptions = {}) {
    this.maxSpeedKmh = maxSpeedKmh;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  async createCaravan(caravan: Caravan): Promise<boolean> {
    if (this.caravans.has(caravan.id)) return false;
    this.caravans.set(caravan.id, {
      caravan: structuredClone(caravan),
      reports: new Map(),
      all: [],
      candidates: [],
      track: [],
      traveledKm: 0,
      revisionCount: 0,
      unpushed: new Map(),
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
    const wasCandidate = isSpeedCandidate(report);
    report.hidden = hidden;
    record.revisionCount++;
    this.markUnpushed(record, report.id, 'updated');
    if (wasCandidate) this.changeCandidates(record, { joining: [], leaving: new Set([report.id]) });
    else if (isSpeedCandidate(report)) this.changeCandidates(record, { joining: [report], leaving: new Set() });
    return structuredClone(report);
  }

  async insertReport(report: Report): Promise<InsertResult> {
    const record = this.caravans.get(report.caravanId);
    if (!record) throw new Error(`caravan ${report.caravanId} does not exist`);
    const existing = record.reports.get(report.id);
    if (existing) return { duplicate: true, report: structuredClone(existing) };
    const stored = structuredClone(withSpeedVerdict(report, false));
    record.reports.set(stored.id, stored);
    record.all.splice(insertionIndex(record.all, stored), 0, stored);
    this.markUnpushed(record, stored.id, 'stored');
    if (isSpeedCandidate(stored)) this.changeCandidates(record, { joining: [stored], leaving: new Set() });
    return { duplicate: false, report: structuredClone(stored) };
  }

  private markUnpushed(record: CaravanRecord, reportId: string, kind: 'stored' | 'updated'): void {
    // A report stored and not yet pushed is pushed as new, with whatever it is by then.
    if (record.unpushed.get(reportId) !== 'stored') record.unpushed.set(reportId, kind);
  }

  /**
   * Applies a change of the speed candidates: judges its neighbourhood again (rejudgeWindow, as the
   * Redis store does) and moves what the verdicts change on or off the track.
   */
  private changeCandidates(record: CaravanRecord, change: CandidateChange): void {
    const { candidates, track } = record;
    // Where each change is: binary searches (a leaving report is in `candidates`, where it sorts).
    const positions = [...change.joining, ...[...change.leaving].map((id) => record.reports.get(id)!)].map((report) =>
      insertionIndex(candidates, report),
    );
    const from = Math.max(0, Math.min(...positions) - REJUDGE_MARGIN);
    const to = Math.min(candidates.length, Math.max(...positions) + REJUDGE_MARGIN + 1);
    const inWindow = candidates.slice(from, to);
    const first = inWindow[0];
    const last = inWindow.at(-1);
    const rejudged = rejudgeWindow(
      {
        candidates: inWindow,
        atStart: from === 0,
        atEnd: to === candidates.length,
        trackBefore: first ? (track[insertionIndex(track, first) - 1] ?? null) : null,
        trackAfter: last ? (track[firstAfter(track, last)] ?? null) : null,
      },
      change,
      this.maxSpeedKmh,
    );
    const joiningIds = new Set(change.joining.map((report) => report.id));
    for (const judged of rejudged.reports) {
      record.reports.get(judged.id)!.flags = judged.flags;
      if (joiningIds.has(judged.id)) continue;
      // A neighbour judged again: a stored report changed.
      record.revisionCount++;
      this.markUnpushed(record, judged.id, 'updated');
    }
    for (const id of change.leaving) candidates.splice(insertionIndex(candidates, record.reports.get(id)!), 1);
    for (const report of change.joining) candidates.splice(insertionIndex(candidates, report), 0, record.reports.get(report.id)!);
    for (const id of rejudged.left) track.splice(insertionIndex(track, record.reports.get(id)!), 1);
    for (const id of rejudged.joined) {
      const report = record.reports.get(id)!;
      track.splice(insertionIndex(track, report), 0, report);
    }
    record.traveledKm += rejudged.deltaKm;
  }

  async takeUnpushed(caravanId: string): Promise<UnpushedChanges> {
    const record = this.caravans.get(caravanId);
    const taken: UnpushedChanges = { stored: [], updated: [] };
    if (!record) return taken;
    for (const [id, kind] of record.unpushed) taken[kind].push(structuredClone(record.reports.get(id)!));
    record.unpushed.clear();
    return taken;
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

  async trackFacts(caravanId: string): Promise<TrackFacts> {
    const record = this.caravans.get(caravanId);
    if (!record || record.track.length === 0) {
      const revisionCount = record?.revisionCount ?? 0;
      return { reportCount: record?.reports.size ?? 0, latest: null, windowStart: null, traveledKm: 0, revisionCount };
    }
    const latest = record.track.at(-1)!;
    const windowIndex = countFixedBy(record.track, fixTimeMs(latest) - SPEED_WINDOW_MS) - 1;
    const windowStart = record.track[Math.max(0, windowIndex)]!;
    return {
      reportCount: record.reports.size,
      latest: structuredClone(latest),
      windowStart: structuredClone(windowStart),
      traveledKm: settledKm(record.traveledKm),
      revisionCount: record.revisionCount,
    };
  }
}
