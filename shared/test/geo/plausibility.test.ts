import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apparentSpeedKmh, DEFAULT_PLAUSIBILITY, geodesicDistanceKm, isFasterThan, plausibilityFlags } from '../../src/geo';

const at = (iso: string, lng: number, lat: number, accuracyM?: number) => ({ lng, lat, recordedAt: iso, accuracyM });
const ARRIVAL = new Date('2024-01-01T14:00:00Z');

describe('apparentSpeedKmh', () => {
  it('reads 40 km in 10 minutes as 240 km/h, a walk and a bus ride as what they are', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056);
    expect(apparentSpeedKmh(previous, at('2024-01-01T13:10:00Z', -92.2633, 15.2673))).toBeCloseTo(240, -1); // 40 km north
    expect(apparentSpeedKmh(previous, at('2024-01-01T14:00:00Z', -92.2633, 14.9416))).toBeCloseTo(4, 0);
    expect(apparentSpeedKmh(previous, at('2024-01-01T14:00:00Z', -92.2633, 15.7))).toBeCloseTo(88, -1);
  });

  it('does not read GPS noise between fixes seconds apart as speed', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056, 50);
    const noisy = at('2024-01-01T13:00:02Z', -92.2633, 14.9076, 50); // 220 m in 2 s, 100 m of it error
    expect(apparentSpeedKmh(previous, noisy)).toBeLessThan(10);
  });
});

describe('isFasterThan', () => {
  const fix = fc.record({
    lng: fc.double({ min: -179, max: 179, noNaN: true }),
    lat: fc.double({ min: -85, max: 85, noNaN: true }),
    accuracyM: fc.option(fc.double({ min: 0, max: 2_000, noNaN: true }), { nil: undefined }),
    atMs: fc.integer({ min: 0, max: 6 * 3_600_000 }),
  });
  const asFix = ({ lng, lat, accuracyM, atMs }: { lng: number; lat: number; accuracyM?: number; atMs: number }) => ({
    lng,
    lat,
    accuracyM,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + atMs).toISOString(),
  });

  it('answers as apparentSpeedKmh > limit, for any two fixes and for limits at their very speed', () => {
    fc.assert(
      fc.property(
        fix,
        fix,
        fc.double({ min: 0, max: 2_000, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02 }),
        (a, b, anyKmh, near) => {
          const [from, to] = [asFix(a), asFix(b)];
          const speedKmh = apparentSpeedKmh(from, to);
          for (const limitKmh of [anyKmh, speedKmh, speedKmh * (1 + near)])
            expect(isFasterThan(from, to, limitKmh)).toBe(speedKmh > limitKmh);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('answers as apparentSpeedKmh > limit for neighbours a few km apart, where the sphere and the ellipsoid differ most', () => {
    fc.assert(
      fc.property(
        fix,
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0.01, max: 50 }),
        (a, bearing, km) => {
          const from = asFix({ ...a, accuracyM: undefined });
          const degrees = km / 111;
          const to = {
            ...from,
            lng: from.lng + Math.sin(bearing) * degrees,
            lat: Math.max(-89, Math.min(89, from.lat + Math.cos(bearing) * degrees)),
          };
          const limitKmh = geodesicDistanceKm([from.lng, from.lat], [to.lng, to.lat]) * 60; // the distance in the minute a gap counts as
          for (const factor of [0.995, 0.999, 1, 1.001, 1.005]) {
            const limit = limitKmh * factor;
            expect(isFasterThan(from, to, limit)).toBe(apparentSpeedKmh(from, to) > limit);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('plausibilityFlags', () => {
  it('flags low accuracy and a fix time more than 5 minutes ahead of its arrival', () => {
    expect(plausibilityFlags(at('2024-01-01T13:00:00Z', -92, 15, 2000), ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual(['low_accuracy']);
    expect(plausibilityFlags(at('2024-01-01T14:06:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual(['clock_skew']);
    expect(plausibilityFlags(at('2024-01-01T14:04:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('does not flag a backfilled fix from long before its arrival', () => {
    expect(plausibilityFlags(at('2023-12-24T13:00:00Z', -92.2633, 14.9056), ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('notes clock_behind when asked: a fix time further behind its arrival than the caravan’s delay (5 minutes at least)', () => {
    const thirtyMinutes = 30 * 60_000;
    expect(plausibilityFlags(at('2024-01-01T08:00:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY, thirtyMinutes)).toEqual([
      'clock_behind',
    ]);
    expect(plausibilityFlags(at('2024-01-01T13:35:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY, thirtyMinutes)).toEqual([]);
    // No delay: still not for the few minutes a fix takes to arrive.
    expect(plausibilityFlags(at('2024-01-01T13:57:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY, 0)).toEqual([]);
    expect(plausibilityFlags(at('2024-01-01T13:50:00Z', -92, 15), ARRIVAL, DEFAULT_PLAUSIBILITY, 0)).toEqual(['clock_behind']);
  });
});
