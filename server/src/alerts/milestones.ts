import type { AlertRule, Place, Report } from '@rumbo/shared';
import { describePlace } from '@rumbo/shared';
import { placeAt } from '@rumbo/shared/places';

/** A milestone rule met by one fix: what it claims (once per caravan), its figures and its line. */
export interface Milestone {
  /** `rule id|subject`: the rule and what it was met for (a state, a crossing). */
  claim: string;
  figures: Record<string, number | string>;
  /** What happened, without the caravan's name (the text adds it). */
  summary: string;
}

export type MilestoneRule = Extract<
  AlertRule,
  { kind: 'border_within_km' | 'crossing_within_km' | 'crossed_border' | 'entered_state' | 'reached_place' }
>;

export interface MilestoneContext {
  /** The state the caravan set out from: entering it is no news. */
  originState: string | null;
}

/** Where a fix is: its stored place, else named now (reports stored before places were). */
export const placeOf = (report: Report): Place | undefined => report.metrics.place ?? placeAt([report.lng, report.lat]);

const sameName = (a: string, b: string) => a.localeCompare(b, 'es', { sensitivity: 'base' }) === 0;

/** Kilometres as alerts show them: to 100 m. */
export const km = (value: number) => Math.round(value * 10) / 10;

/**
 * Whether a fix meets a milestone rule, and what it claims. Pure: the caller judges only fixes
 * on the track (visible, unflagged), and the store's claim makes each milestone fire once.
 * @example milestoneOf({ id: 'b', kind: 'crossed_border', enabled: true }, fixInElPaso, ctx) // { claim: 'b|US', … }
 */
export function milestoneOf(rule: MilestoneRule, report: Report, context: MilestoneContext): Milestone | null {
  const { distanceToBorderKm, side, nearestCrossing } = report.metrics;
  switch (rule.kind) {
    case 'border_within_km':
      if (distanceToBorderKm > rule.km) return null;
      return {
        claim: `${rule.id}|border`,
        figures: { distanceToBorderKm: km(distanceToBorderKm), thresholdKm: rule.km },
        summary: `is ${km(distanceToBorderKm)} km from the US border (rule: within ${rule.km} km)`,
      };
    case 'crossing_within_km':
      if (nearestCrossing.distanceKm > rule.km) return null;
      return {
        claim: `${rule.id}|${nearestCrossing.name}`,
        figures: { crossing: nearestCrossing.name, crossingDistanceKm: km(nearestCrossing.distanceKm), thresholdKm: rule.km },
        summary: `is ${km(nearestCrossing.distanceKm)} km from the ${nearestCrossing.name} crossing (rule: within ${rule.km} km)`,
      };
    case 'crossed_border':
      if (side !== 'US') return null;
      return {
        claim: `${rule.id}|US`,
        figures: { distanceToBorderKm: km(distanceToBorderKm), side },
        summary: `crossed into the United States (${km(distanceToBorderKm)} km past the border)`,
      };
    case 'entered_state': {
      const place = placeOf(report);
      if (!place || place.country !== 'MX' || place.state === context.originState) return null;
      if (rule.name !== undefined && !sameName(rule.name, place.state)) return null;
      return { claim: `${rule.id}|${place.state}`, figures: { state: place.state }, summary: `entered ${place.state}` };
    }
    case 'reached_place': {
      const place = placeOf(report);
      if (!place?.within || !sameName(rule.name, place.name)) return null;
      return {
        claim: `${rule.id}|${place.name}|${place.state}`,
        figures: { place: place.name, state: place.state, placeDistanceKm: place.distanceKm },
        summary: `reached ${describePlace(place, 'en').replace(/^in /, '')}`,
      };
    }
  }
}

const FIX_MILESTONE_KINDS: ReadonlySet<AlertRule['kind']> = new Set<MilestoneRule['kind']>([
  'border_within_km',
  'crossing_within_km',
  'crossed_border',
  'entered_state',
  'reached_place',
]);

/** Rules one fix meets on its own (the others need the track around it, or time). */
export const isMilestoneRule = (rule: AlertRule): rule is MilestoneRule => FIX_MILESTONE_KINDS.has(rule.kind);
