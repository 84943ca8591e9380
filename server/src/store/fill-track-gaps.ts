import type { Report } from '@rumbo/shared';
import { legKm } from '@rumbo/shared/geo';

/** New track reports that all fall between the same two neighbours on the stored track. */
export interface TrackGap {
  previous: Report | null;
  next: Report | null;
  filling: Report[];
}

export interface GapFill {
  /** How traveledKm changes once every gap is filled. */
  deltaKm: number;
  /** Each new report's neighbours on the track once every gap is filled ('' for none). */
  expectedNeighbours: Map<string, [previousId: string, nextId: string]>;
}

/** Track order, as Redis sorts a sorted set: by fix time, then by id byte by byte. */
function trackOrder(a: Report, b: Report): number {
  return Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));
}

/**
 * Fills each gap of the track with its new reports in track order: the leg that spanned the gap
 * goes, the legs of the chain through the new reports come.
 * @example fillGaps([{ previous: a, next: c, filling: [b] }]).deltaKm // legKm(a, b) + legKm(b, c) − legKm(a, c)
 */
export function fillGaps(gaps: readonly TrackGap[]): GapFill {
  let deltaKm = 0;
  const expectedNeighbours = new Map<string, [string, string]>();
  for (const { previous, next, filling } of gaps) {
    const chain = [previous, ...[...filling].sort(trackOrder), next];
    for (let at = 1; at < chain.length - 1; at++) {
      expectedNeighbours.set(chain[at]!.id, [chain[at - 1]?.id ?? '', chain[at + 1]?.id ?? '']);
    }
    for (let at = 1; at < chain.length; at++) {
      const [from, to] = [chain[at - 1], chain[at]];
      if (from && to) deltaKm += legKm(from, to);
    }
    if (previous && next) deltaKm -= legKm(previous, next);
  }
  return { deltaKm, expectedNeighbours };
}
