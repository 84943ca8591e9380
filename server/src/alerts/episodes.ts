import type { Alert, AlertRule, Caravan, Report } from '@rumbo/shared';
import { distanceToRouteKm, geodesicDistanceKm } from '@rumbo/shared/geo';
import { fixTimeMs } from '@rumbo/shared/track';
import { km } from './milestones';
import { trackBetween, type TrackReads } from './track-reader';

/**
 * Conditions of where the caravan is that begin and end: off its planned route, stopped. Each is
 * judged on the fixes that are the newest of the track when they come, in track order, so a late
 * fix (history) neither opens nor closes one; it is opened atomically in the store (one alert
 * however many instances judge it) and closed by the fix that ends it, with a `resumed` follow-up
 * ("back on route", "moving again").
 */
export type EpisodeRule = Extract<AlertRule, { kind: 'off_route_km' | 'stopped_hours' }>;
export const isEpisodeRule = (rule: AlertRule): rule is EpisodeRule =>
  rule.kind === 'off_route_km' || rule.kind === 'stopped_hours';
export const isEpisodeKind = (kind: string) => kind === 'off_route_km' || kind === 'stopped_hours';

/**
 * The store key of a rule's episode, beside the silences (`rule id|reporter`): `@` is in no
 * reporter id, so no report ever closes an episode as if it ended a silence.
 */
export const episodeKey = (rule: EpisodeRule) => `${rule.id}|@${rule.kind}`;

/** Back on the route only within this share of the rule's distance: fixes wobbling at the threshold do not flap. */
export const ROUTE_RETURN_SHARE = 0.8;
/** Fixes within this of the newest are "not moved": a camp, a shelter, a checkpoint queue. */
export const STOP_RADIUS_KM = 1;
const HOUR_MS = 3_600_000;

/** How a rule judges a fix: whether its condition holds there, with the figures and words either way. */
export interface EpisodeJudgement {
  holds: boolean;
  figures: Record<string, number | string>;
  summary: string;
}

const hours = (ms: number) => Math.round((ms / HOUR_MS) * 10) / 10;
const at = (report: Pick<Report, 'lng' | 'lat'>): [number, number] => [report.lng, report.lat];

/** How far back of a fix its rule looks: a stop is found by walking back up to twice its hours. */
const lookBackMs = (rule: EpisodeRule) => (rule.kind === 'stopped_hours' ? 2 * rule.hours * HOUR_MS : 0);

/**
 * The track the episode rules judge new fixes on: from as far back as they look before the oldest
 * of them, to the end. One read per batch, however many fixes it brings.
 */
export async function episodeTrack(store: TrackReads, caravanId: string, rules: EpisodeRule[], oldestMs: number) {
  const sinceMs = oldestMs - Math.max(0, ...rules.map(lookBackMs));
  return trackBetween(store, caravanId, sinceMs, Number.MAX_SAFE_INTEGER);
}

/**
 * The positions in `track` of the new fixes that are news: those after every fix the track had
 * before them. A late fix is followed by older ones and is history.
 */
export function newsIndexes(track: readonly Report[], fixes: readonly Report[]): number[] {
  const fresh = new Set(fixes.map((report) => report.id));
  const firstNews = track.findLastIndex((report) => !fresh.has(report.id)) + 1;
  return track.map((_, index) => index).slice(firstNews);
}

function offRoute(rule: Extract<EpisodeRule, { kind: 'off_route_km' }>, caravan: Caravan, fix: Report, open: boolean) {
  if (!caravan.route) return null;
  const routeDistanceKm = km(distanceToRouteKm(caravan.route, at(fix)));
  const holds = routeDistanceKm > (open ? rule.km * ROUTE_RETURN_SHARE : rule.km);
  const summary = holds
    ? `left its planned route: ${routeDistanceKm} km from it (rule: more than ${rule.km} km)`
    : `is back on its planned route: ${routeDistanceKm} km from it`;
  return { holds, figures: { routeDistanceKm, thresholdKm: rule.km }, summary };
}

/** The earliest fix from which every fix of the track up to `track[index]` lies within STOP_RADIUS_KM of it. */
function stoppedSince(track: readonly Report[], index: number): Report {
  const fix = track[index]!;
  let since = fix;
  for (let back = index - 1; back >= 0; back--) {
    if (geodesicDistanceKm(at(track[back]!), at(fix)) > STOP_RADIUS_KM) break;
    since = track[back]!;
  }
  return since;
}

function stopped(
  rule: Extract<EpisodeRule, { kind: 'stopped_hours' }>,
  track: readonly Report[],
  index: number,
  opened: Alert | null,
): EpisodeJudgement {
  const fix = track[index]!;
  if (opened?.where) {
    const movedKm = km(geodesicDistanceKm(opened.where, at(fix)));
    if (movedKm <= STOP_RADIUS_KM) return { holds: true, figures: opened.figures, summary: '' };
    const stoppedHours = hours(fixTimeMs(fix) - Date.parse(String(opened.figures.stoppedSince)));
    return {
      holds: false,
      figures: { stoppedHours, movedKm, thresholdHours: rule.hours },
      summary: `is moving again after ${stoppedHours} h stopped: ${movedKm} km from where it stopped`,
    };
  }
  const since = stoppedSince(track, index);
  const stoppedMs = fixTimeMs(fix) - fixTimeMs(since);
  return {
    holds: stoppedMs >= rule.hours * HOUR_MS,
    figures: {
      stoppedHours: hours(stoppedMs),
      thresholdHours: rule.hours,
      radiusKm: STOP_RADIUS_KM,
      stoppedSince: since.recordedAt,
    },
    summary: `has not moved more than ${STOP_RADIUS_KM} km for ${hours(stoppedMs)} h (rule: ${rule.hours} h)`,
  };
}

/**
 * How an episode rule judges the fix `track[index]` (the track read by episodeTrack), given the
 * alert that opened its episode (null when none is open). Null when the rule cannot judge (no
 * planned route).
 */
export function judgeEpisode(
  rule: EpisodeRule,
  caravan: Caravan,
  track: readonly Report[],
  index: number,
  opened: Alert | null,
): EpisodeJudgement | null {
  switch (rule.kind) {
    case 'off_route_km':
      return offRoute(rule, caravan, track[index]!, opened !== null);
    case 'stopped_hours':
      return stopped(rule, track, index, opened);
  }
}
