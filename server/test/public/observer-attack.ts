import type { LngLat, PublicPoint } from '@rumbo/shared';
import { geodesicDistanceKm } from '@rumbo/shared/geo';
import { seededRandom } from '../helper';

const MINUTE = 60_000;

/** One true position of the simulated caravan. */
export interface TruePosition {
  atMs: number;
  position: LngLat;
}

/**
 * A caravan walking north-west from Tapachula: 4 km/h (±20 %) from 05:00 to 15:00 each day,
 * resting otherwise, its heading drifting; one true position a minute from `startMs`.
 */
export function simulatedWalk(seed: number, startMs: number, hours: number): TruePosition[] {
  const next = seededRandom(seed);
  let [lng, lat] = [-92.2633, 14.9056];
  let headingDeg = -40;
  const walk: TruePosition[] = [];
  for (let minute = 0; minute <= hours * 60; minute++) {
    const atMs = startMs + minute * MINUTE;
    const hour = new Date(atMs).getUTCHours();
    headingDeg += (next() - 0.5) * 4;
    const km = hour >= 5 && hour < 15 ? (4 * (0.8 + next() * 0.4)) / 60 : 0;
    lat += (km * Math.cos((headingDeg * Math.PI) / 180)) / 111.32;
    lng += (km * Math.sin((headingDeg * Math.PI) / 180)) / (111.32 * Math.cos((lat * Math.PI) / 180));
    walk.push({ atMs, position: [lng, lat] });
  }
  return walk;
}

/** Where the caravan truly was at `atMs` (the nearest simulated minute). */
export function trueAt(walk: readonly TruePosition[], atMs: number): LngLat {
  const index = Math.round((atMs - walk[0]!.atMs) / MINUTE);
  return walk[Math.min(walk.length - 1, Math.max(0, index))]!.position;
}

/** What an observer saw change: the public `latest` each time it differed from the one before. */
export type Sighting = Pick<PublicPoint, 'lng' | 'lat' | 'recordedAt'>;

const midpoint = (a: Sighting, b: Sighting): LngLat => [(a.lng + b.lng) / 2, (a.lat + b.lat) / 2];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The observers: each turns the sightings into an estimate of where the caravan was at each new
 * sighting's time. `cell`: the cell's centre. `edge`: the middle of the edge between the previous
 * cell and this one, where the caravan crossed (the attack that beat the grid with exact times).
 * `track fit`: a line fitted through the last four edge crossings against their times, read at the
 * sighting's time. `ahead N`: the cell's centre moved on by the velocity of the last crossings for
 * N public steps (an observer who knows positions lag their times).
 * Returns each observer's median error in km over every sighting.
 */
export function observerErrors(sightings: readonly Sighting[], walk: readonly TruePosition[], stepMs: number) {
  const errors: Record<string, number[]> = {
    cell: [],
    edge: [],
    'track fit': [],
    'ahead 0.5': [],
    'ahead 1': [],
    'ahead 1.5': [],
  };
  const timeOf = (sighting: Sighting) => Date.parse(sighting.recordedAt);
  for (let i = 1; i < sightings.length; i++) {
    const current = sightings[i]!;
    const truth = trueAt(walk, timeOf(current));
    const error = (estimate: LngLat) => geodesicDistanceKm(estimate, truth);
    errors.cell!.push(error([current.lng, current.lat]));
    errors.edge!.push(error(midpoint(sightings[i - 1]!, current)));
    if (i < 4) continue;
    const crossings = [1, 2, 3, 4].map((back) => ({
      atMs: timeOf(sightings[i - back + 1]!),
      position: midpoint(sightings[i - back]!, sightings[i - back + 1]!),
    }));
    const meanMs = crossings.reduce((sum, crossing) => sum + crossing.atMs, 0) / crossings.length;
    const fitted = [0, 1].map((axis) => {
      const mean = crossings.reduce((sum, crossing) => sum + crossing.position[axis]!, 0) / crossings.length;
      const covariance = crossings.reduce((sum, c) => sum + (c.atMs - meanMs) * (c.position[axis]! - mean), 0);
      const variance = crossings.reduce((sum, c) => sum + (c.atMs - meanMs) ** 2, 0) || 1;
      return mean + (covariance / variance) * (timeOf(current) - meanMs);
    }) as LngLat;
    errors['track fit']!.push(error(fitted));
    const [newest, oldest] = [crossings[0]!, crossings.at(-1)!];
    const spanMs = newest.atMs - oldest.atMs || 1;
    for (const steps of [0.5, 1, 1.5]) {
      const aheadMs = steps * stepMs;
      errors[`ahead ${steps}`]!.push(
        error([
          current.lng + ((newest.position[0] - oldest.position[0]) / spanMs) * aheadMs,
          current.lat + ((newest.position[1] - oldest.position[1]) / spanMs) * aheadMs,
        ]),
      );
    }
  }
  return Object.fromEntries(Object.entries(errors).map(([name, values]) => [name, median(values)]));
}
