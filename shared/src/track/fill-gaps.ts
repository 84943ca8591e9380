import { legKm, type LegEnd } from '../geo/leg';
import type { Report } from '../schemas/report';
import { compareTrackOrder, type TrackOrdered } from './order';

/** New track reports that all fall between the same two neighbours on the stored track. */
export interface TrackGap<T extends TrackOrdered & LegEnd = Report> {
  previous: T | null;
  next: T | null;
  filling: T[];
}

export interface GapFill {
  /** How traveledKm changes once every gap is filled. */
  deltaKm: number;
  /** Each new report's neighbours on the track once every gap is filled ('' for none). */
  expectedNeighbours: Map<string, [previousId: string, nextId: string]>;
}

/**
 * Fills each gap of the track with its new reports in track order, as a batch insert does at
 * once: the leg that spanned the gap goes, the legs of the chain through the new reports come
 * (the same as `legDeltaKm` for each report inserted one after another).
 * @example fillGaps([{ previous: a, next: c, filling: [b] }]).deltaKm // legKm(a, b) + legKm(b, c) − legKm(a, c)
 * @example fillGaps([{ previous: a, next: c, filling: [b] }]).expectedNeighbours.get(b.id) // [a.id, c.id]
 */
export function fillGaps<T extends TrackOrdered & LegEnd>(gaps: readonly TrackGap<T>[]): GapFill {
  let deltaKm = 0;
  const expectedNeighbours = new Map<string, [string, string]>();
  for (const { previous, next, filling } of gaps) {
    const chain = [previous, ...[...filling].sort(compareTrackOrder), next];
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
