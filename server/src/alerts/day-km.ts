import type { AlertRule, Report } from '@rumbo/shared';
import { legKm } from '@rumbo/shared/geo';
import { fixTimeMs } from '@rumbo/shared/track';
import { km, type Milestone } from './milestones';
import { trackBetween, type TrackReads } from './track-reader';

export type DayKmRule = Extract<AlertRule, { kind: 'day_km' }>;

/** The calendar the desk and the caravans live by: central Mexico's (no daylight saving since 2022). */
const TIME_ZONE = 'America/Mexico_City';
const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** Wider than any offset of the zone from UTC, so a read around a UTC day holds the whole local day. */
const ZONE_MARGIN_MS = 14 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The calendar day of a time in central Mexico, `YYYY-MM-DD`.
 * @example mexicoCityDay(Date.UTC(2024, 0, 2, 5)) // '2024-01-01' (11 pm the evening before)
 */
export const mexicoCityDay = (ms: number): string => DAY_FORMAT.format(ms);

/** A fix the caravan reached a day's distance with. */
export interface DayKmMet {
  report: Report;
  milestone: Milestone;
}

/**
 * Whether the track of `day` (central Mexico time) covers the rule's distance, and on which fix:
 * the legs between that day's fixes on the track, added up in track order (the leg over midnight
 * counts for neither day). The fix that reaches it stays the same however late others arrive, so
 * the claim `rule|day` fires once.
 */
export async function dayKmMet(rule: DayKmRule, store: TrackReads, caravanId: string, day: string): Promise<DayKmMet | null> {
  const noonUtcMs = Date.parse(`${day}T12:00:00Z`);
  const around = await trackBetween(
    store,
    caravanId,
    noonUtcMs - DAY_MS / 2 - ZONE_MARGIN_MS,
    noonUtcMs + DAY_MS / 2 + ZONE_MARGIN_MS,
  );
  const fixes = around.filter((report) => mexicoCityDay(fixTimeMs(report)) === day);
  let coveredKm = 0;
  for (let at = 1; at < fixes.length; at++) {
    coveredKm += legKm(fixes[at - 1]!, fixes[at]!);
    if (coveredKm < rule.km) continue;
    return {
      report: fixes[at]!,
      milestone: {
        claim: `${rule.id}|${day}`,
        figures: { dayKm: km(coveredKm), thresholdKm: rule.km, day },
        summary: `covered ${km(coveredKm)} km on ${day} (central Mexico time; rule: ${rule.km} km in a day)`,
      },
    };
  }
  return null;
}

/** The days (central Mexico time) these fixes fall on, each once. */
export const daysOf = (fixes: readonly Report[]): string[] => [
  ...new Set(fixes.map((report) => mexicoCityDay(fixTimeMs(report)))),
];
