import fc from 'fast-check';
import type { Report } from '../../src/schemas/report';
import { OUTLIER_NEIGHBOURS } from '../../src/track';

/**
 * Walks with stray fixes in them, for the property tests of speed judging (shared and the stores).
 * A walk: fixes 1 to 20 minutes apart, at a walk (3–6 km/h) or now and then on a bus (40–80
 * km/h), so any two of them within a few fixes of each other are plausible. A stray fix: 600 to
 * 3,000 km from the walk (a test fix in Mexico City, an app's sample in Bangladesh), at a time
 * between two of its fixes. Strays come alone or in pairs (a phone sent the test fix twice), with
 * at least OUTLIER_NEIGHBOURS walk fixes between two runs of them: closer than that, a majority
 * could not tell which fixes are the stray ones, and neither could an editor.
 */
export interface WalkWithStrays {
  reports: Report[];
  strayIds: Set<string>;
}

const START_MS = Date.UTC(2026, 0, 10, 12);
const KM_PER_DEGREE = 111.32;

function moved(lng: number, lat: number, km: number, bearingRad: number): [number, number] {
  const north = km * Math.cos(bearingRad);
  const east = km * Math.sin(bearingRad);
  return [lng + east / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180)), lat + north / KM_PER_DEGREE];
}

const step = fc.record({
  gapMinutes: fc.integer({ min: 1, max: 20 }),
  speedKmh: fc.oneof(
    { weight: 9, arbitrary: fc.double({ min: 3, max: 6, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 40, max: 80, noNaN: true }) },
  ),
  bearingRad: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  accuracyM: fc.constantFrom(undefined, 5, 20, 60),
});

const stray = fc.record({
  km: fc.double({ min: 600, max: 3_000, noNaN: true }),
  bearingRad: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  pair: fc.boolean(),
  /** Where in its gap of the walk it was fixed. */
  fraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

function report(id: string, ms: number, [lng, lat]: [number, number], accuracyM: number | undefined): Report {
  return {
    id,
    caravanId: 'walk',
    reporterId: 'rep-walk',
    lng,
    lat,
    recordedAt: new Date(ms).toISOString(),
    receivedAt: new Date(ms).toISOString(),
    ...(accuracyM === undefined ? {} : { accuracyM }),
    source: 'api',
    hidden: false,
    flags: [],
    metrics: {
      distanceToBorderKm: 1000,
      side: 'MX',
      nearestBorderPoint: [-97.1, 25.9],
      nearestCrossing: { name: 'Brownsville', distanceKm: 1000 },
    },
  };
}

export const walkWithStrays: fc.Arbitrary<WalkWithStrays> = fc
  .record({
    steps: fc.array(step, { minLength: 2 * OUTLIER_NEIGHBOURS, maxLength: 30 }),
    strays: fc.array(stray, { maxLength: 4 }),
    /** The gaps strays go in: 0 is before the first walk fix, steps.length + 1 after the last. */
    slots: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ steps, strays, slots }) => {
    const walk: Report[] = [];
    let position: [number, number] = [-92.2633, 14.9056];
    let ms = START_MS;
    walk.push(report('w00', ms, position, 10));
    steps.forEach(({ gapMinutes, speedKmh, bearingRad, accuracyM }, index) => {
      ms += gapMinutes * 60_000;
      position = moved(...position, (speedKmh * gapMinutes) / 60, bearingRad);
      walk.push(report(`w${String(index + 1).padStart(2, '0')}`, ms, position, accuracyM));
    });
    // Slots at least OUTLIER_NEIGHBOURS walk fixes apart, taken in order; the rest dropped.
    const chosen: number[] = [];
    for (const slot of [...new Set(slots.map((raw) => raw % (walk.length + 1)))].sort((a, b) => a - b)) {
      if (chosen.length < strays.length && (chosen.length === 0 || slot - chosen.at(-1)! >= OUTLIER_NEIGHBOURS))
        chosen.push(slot);
    }
    const reports = [...walk];
    const strayIds = new Set<string>();
    chosen.forEach((slot, index) => {
      const { km, bearingRad, pair, fraction } = strays[index]!;
      const before = walk[slot - 1];
      const after = walk[slot];
      const fromMs = before ? Date.parse(before.recordedAt) : Date.parse(after!.recordedAt) - 20 * 60_000;
      const toMs = after ? Date.parse(after.recordedAt) : fromMs + 20 * 60_000;
      const anchor = before ?? after!;
      const far = moved(anchor.lng, anchor.lat, km, bearingRad);
      const count = pair ? 2 : 1;
      for (let n = 0; n < count; n++) {
        const id = `s${index}${n}`;
        const atMs = Math.round(fromMs + (toMs - fromMs) * (fraction + (n * (1 - fraction)) / 2));
        reports.push(report(id, Math.min(atMs, toMs - 1), far, 30));
        strayIds.add(id);
      }
    });
    return { reports, strayIds };
  });
