import { describe, expect, it } from 'vitest';
import { apparentSpeedKmh, DEFAULT_PLAUSIBILITY, plausibilityFlags } from '../../src/geo';

const at = (iso: string, lng: number, lat: number, accuracyM?: number) => ({ lng, lat, recordedAt: iso, accuracyM });
const ARRIVAL = new Date('2024-01-01T14:00:00Z');

describe('plausibilityFlags', () => {
  it('flags 40 km in 10 minutes as implausible for a caravan', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056);
    const jump = at('2024-01-01T13:10:00Z', -92.2633, 15.2673); // 40 km north
    expect(plausibilityFlags(jump, previous, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual(['implausible_speed']);
  });

  it('accepts a walking pace, and a bus ride under the threshold', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056);
    expect(plausibilityFlags(at('2024-01-01T14:00:00Z', -92.2633, 14.9416), previous, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
    expect(plausibilityFlags(at('2024-01-01T14:00:00Z', -92.2633, 15.7), previous, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('uses a configurable threshold', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056);
    const bus = at('2024-01-01T14:00:00Z', -92.2633, 15.7); // ~88 km in an hour
    expect(plausibilityFlags(bus, previous, ARRIVAL, { ...DEFAULT_PLAUSIBILITY, maxSpeedKmh: 60 })).toEqual([
      'implausible_speed',
    ]);
  });

  it('does not read GPS noise between fixes seconds apart as speed', () => {
    const previous = at('2024-01-01T13:00:00Z', -92.2633, 14.9056, 50);
    const noisy = at('2024-01-01T13:00:02Z', -92.2633, 14.9076, 50); // 220 m in 2 s, 100 m of it error
    expect(apparentSpeedKmh(previous, noisy)).toBeLessThan(10);
    expect(plausibilityFlags(noisy, previous, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('flags low accuracy and a fix time more than 5 minutes ahead of its arrival', () => {
    expect(plausibilityFlags(at('2024-01-01T13:00:00Z', -92, 15, 2000), null, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([
      'low_accuracy',
    ]);
    expect(plausibilityFlags(at('2024-01-01T14:06:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual(['clock_skew']);
    expect(plausibilityFlags(at('2024-01-01T14:04:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('does not flag a backfilled fix from long before its arrival', () => {
    expect(plausibilityFlags(at('2023-12-24T13:00:00Z', -92.2633, 14.9056), null, ARRIVAL, DEFAULT_PLAUSIBILITY)).toEqual([]);
  });

  it('notes clock_behind when asked: a fix time further behind its arrival than the caravan’s delay (5 minutes at least)', () => {
    const thirtyMinutes = 30 * 60_000;
    expect(plausibilityFlags(at('2024-01-01T08:00:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY, thirtyMinutes)).toEqual([
      'clock_behind',
    ]);
    expect(plausibilityFlags(at('2024-01-01T13:35:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY, thirtyMinutes)).toEqual(
      [],
    );
    // No delay: still not for the few minutes a fix takes to arrive.
    expect(plausibilityFlags(at('2024-01-01T13:57:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY, 0)).toEqual([]);
    expect(plausibilityFlags(at('2024-01-01T13:50:00Z', -92, 15), null, ARRIVAL, DEFAULT_PLAUSIBILITY, 0)).toEqual([
      'clock_behind',
    ]);
  });
});
