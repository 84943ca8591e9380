import type { Report } from '@rumbo/shared';
import { compareTrackOrder } from '@rumbo/shared/track';

/** The reports a dashboard holds, by id, kept in track order however they arrive. */
export class TrackState {
  private readonly byId = new Map<string, Report>();
  private sorted: Report[] | null = [];

  replaceAll(reports: readonly Report[]): void {
    this.byId.clear();
    for (const report of reports) this.byId.set(report.id, report);
    this.sorted = null;
  }

  /** Adds or updates one report (a push may repeat one the snapshot had). */
  upsert(report: Report): void {
    this.byId.set(report.id, report);
    this.sorted = null;
  }

  reports(): readonly Report[] {
    this.sorted ??= [...this.byId.values()].sort(compareTrackOrder);
    return this.sorted;
  }
}
