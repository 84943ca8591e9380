import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN } from '../../src/constants';
import {
  caravanMetrics,
  etaDays,
  geodesicDistanceKm,
  legKm,
  reportMetrics,
  routeRemainingKm,
  summarizeTrack,
  type TrackPoint,
} from '../../src/geo';
import type { RouteLine } from '../../src/schemas/caravan';
import type { LngLat } from '../../src/schemas/common';
import type { TrackOrdered } from '../../src/track';
import { golden, readInput } from '../golden';

interface Fix {
  lng: number;
  lat: number;
  recordedAt: string;
  accuracyM?: number;
}
interface Track {
  name: string;
  fixes: Fix[];
  route?: LngLat[];
}

const ORIGIN: LngLat = [DEFAULT_ORIGIN.lng, DEFAULT_ORIGIN.lat];
const { tracks } = readInput<{ tracks: Track[] }>('tracks');
/** A fix as the track holds it; the id is the fix's place in the input, so each is distinct. */
const toPoint = (fix: Fix, index = 0): TrackPoint & TrackOrdered => ({
  id: `fix-${index}`,
  ...fix,
  metrics: reportMetrics([fix.lng, fix.lat]),
});
const routeOf = (track: Track): RouteLine | undefined =>
  track.route ? { type: 'LineString', coordinates: track.route } : undefined;
const metricsOf = (name: string) => {
  const track = tracks.find((candidate) => candidate.name === name)!;
  return summarizeTrack(ORIGIN, track.fixes.map(toPoint), routeOf(track));
};

describe('summarizeTrack', () => {
  it('matches the golden outputs for every track', () => {
    const actual = tracks.map((track) => ({
      name: track.name,
      metrics: summarizeTrack(ORIGIN, track.fixes.map(toPoint), routeOf(track)),
    }));
    expect(actual).toEqual(golden('tracks', actual));
  });

  it('has no numbers for an empty track', () => {
    expect(metricsOf('empty track')).toMatchObject({
      distanceToBorderKm: null,
      traveledKm: 0,
      speedKmPerDay: null,
      etaDays: null,
    });
  });

  it('has distance but no pace for one report', () => {
    const metrics = metricsOf('one report');
    expect(metrics.distanceToBorderKm).toBeCloseTo(1322.5, 1);
    expect(metrics).toMatchObject({
      traveledKm: 0,
      progressPct: 0,
      speedKmPerDay: null,
      etaDays: null,
      lastReportAt: '2024-01-01T13:00:00Z',
    });
  });

  it('gives the same numbers whatever order the reports arrive in', () => {
    expect(metricsOf('the same walk, arriving out of order')).toEqual(metricsOf('walking north-west along the coast, two days'));
  });

  it('adds up the legs of the walk and measures the pace over the trailing day', () => {
    const walk = tracks.find((track) => track.name.startsWith('walking'))!.fixes;
    const legs = walk
      .slice(1)
      .reduce((sum, fix, i) => sum + geodesicDistanceKm([walk[i]!.lng, walk[i]!.lat], [fix.lng, fix.lat]), 0);
    const metrics = metricsOf('walking north-west along the coast, two days');
    expect(metrics.traveledKm).toBeCloseTo(legs, 3);
    // The window opens at the newest fix 24 h or more before the latest: 2024-01-01T20:00.
    const netKm = geodesicDistanceKm([walk[1]!.lng, walk[1]!.lat], [walk[3]!.lng, walk[3]!.lat]);
    expect(metrics.speedKmPerDay).toBeCloseTo(netKm, 1);
    expect(metrics.etaDays).toBeGreaterThan(0);
    expect(metrics.progressPct).toBeGreaterThan(0);
  });

  it('counts a stationary caravan as not traveling and gives no ETA', () => {
    expect(metricsOf('stationary caravan: a day in a shelter, fixes jittering within their accuracy')).toMatchObject({
      traveledKm: 0,
      etaDays: null,
    });
  });

  it('gives no ETA to a caravan moving south', () => {
    const metrics = metricsOf('moving south, back toward Tapachula');
    expect(metrics.traveledKm).toBeGreaterThan(40);
    expect(metrics.etaDays).toBeNull();
  });

  it('reaches back past 24 hours when reports are sparse', () => {
    const metrics = metricsOf('sparse reports: the speed window reaches back past 24 hours');
    // Newest fix at or before 2024-02-02T13:00 is the one at 10:00: a 27-hour window.
    const days = (Date.parse('2024-02-03T13:00:00Z') - Date.parse('2024-02-02T10:00:00Z')) / 86_400_000;
    expect(metrics.speedKmPerDay).toBeCloseTo(geodesicDistanceKm([-99.3, 19.7], [-99.6, 20.1]) / days, 1);
  });

  it('states what is left of a planned route', () => {
    const metrics = metricsOf('with a planned route to Ciudad Juárez');
    expect(metrics.routeRemainingKm).toBeGreaterThan(2000);
    expect(metricsOf('one report').routeRemainingKm).toBeNull();
  });
});

describe('caravanMetrics', () => {
  it('measures progress from the origin’s distance, clamped to 0–100%, and rounds', () => {
    const atJuarez = toPoint({ lng: -106.487, lat: 31.7491, recordedAt: '2024-03-01T00:00:00Z' });
    const originKm = reportMetrics(ORIGIN).distanceToBorderKm;
    const expected = Number((((originKm - atJuarez.metrics.distanceToBorderKm) / originKm) * 100).toFixed(2));
    expect(caravanMetrics({ origin: ORIGIN, latest: atJuarez, windowStart: atJuarez, traveledKm: 2500.12345 })).toMatchObject({
      progressPct: expected,
      traveledKm: 2500.123,
    });
    const inGuatemala = toPoint({ lng: -90.5069, lat: 14.6349, recordedAt: '2024-03-01T00:00:00Z' });
    expect(caravanMetrics({ origin: ORIGIN, latest: inGuatemala, windowStart: null, traveledKm: 0 }).progressPct).toBe(0);
  });
});

describe('etaDays', () => {
  const DAY_MS = 86_400_000;
  /** Two fixes a day apart: the window opens at the first, the latest is the second. */
  const window = (from: LngLat, to: LngLat) => ({
    windowStart: toPoint({ lng: from[0], lat: from[1], recordedAt: '2024-01-01T13:00:00Z' }),
    latest: toPoint({ lng: to[0], lat: to[1], recordedAt: new Date(Date.parse('2024-01-01T13:00:00Z') + DAY_MS).toISOString() }),
  });
  const line = (...coordinates: LngLat[]): RouteLine => ({ type: 'LineString', coordinates });

  it('divides the straight line left by the rate it shrank, without a route', () => {
    const { windowStart, latest } = window([-92.2633, 14.9056], [-92.6583, 15.3167]);
    const closingKm = windowStart.metrics.distanceToBorderKm - latest.metrics.distanceToBorderKm;
    expect(closingKm).toBeGreaterThan(30);
    expect(etaDays({ latest, windowStart, days: 1 })).toBeCloseTo(latest.metrics.distanceToBorderKm / closingKm, 1);
  });

  // Issue 15: with a route, the panel said "about 31.6 days" (straight line ÷ its closing rate)
  // where the route left ÷ the pace along it gave 46.
  it('divides the route left by the rate the route left shrank, when there is a route', () => {
    const track = tracks.find((candidate) => candidate.name === 'with a planned route to Ciudad Juárez')!;
    const route = routeOf(track)!;
    const [first, last] = [track.fixes[0]!, track.fixes.at(-1)!];
    const leftThen = routeRemainingKm(route, [first.lng, first.lat]);
    const leftNow = routeRemainingKm(route, [last.lng, last.lat]);
    const days = (Date.parse(last.recordedAt) - Date.parse(first.recordedAt)) / DAY_MS;
    const metrics = metricsOf('with a planned route to Ciudad Juárez');
    expect(metrics.etaDays).toBeCloseTo(leftNow / ((leftThen - leftNow) / days), 1);
    const straight = toPoint(first).metrics.distanceToBorderKm - toPoint(last).metrics.distanceToBorderKm;
    const straightLineEta = toPoint(last).metrics.distanceToBorderKm / (straight / days);
    expect(metrics.etaDays! - straightLineEta).toBeGreaterThan(15);
  });

  it('follows a route that first leads away from the border, and gives none walking it backwards', () => {
    // South-east along the coast to a road north: the straight line grows while the route left shrinks.
    const route = line([-92.2633, 14.9056], [-91.5, 14.6], [-91.5, 20], [-97.5, 25.87]);
    const along = window([-92.2633, 14.9056], [-91.9, 14.76]);
    expect(along.latest.metrics.distanceToBorderKm).toBeGreaterThan(along.windowStart.metrics.distanceToBorderKm);
    expect(etaDays({ ...along, days: 1 })).toBeNull();
    const eta = etaDays({ ...along, days: 1, route })!;
    const leftNow = routeRemainingKm(route, [along.latest.lng, along.latest.lat]);
    const closingKm = routeRemainingKm(route, [along.windowStart.lng, along.windowStart.lat]) - leftNow;
    expect(eta).toBeCloseTo(leftNow / closingKm, 1);

    const backwards = window([-91.9, 14.76], [-92.2633, 14.9056]);
    expect(etaDays({ ...backwards, days: 1, route })).toBeNull();
  });

  it('gives none once the latest fix is across the border, even while the route left still shrinks', () => {
    const route = line([-106.487, 31.69], [-106.44, 31.85]);
    const crossing = window([-106.487, 31.69], [-106.45, 31.8]);
    expect(crossing.windowStart.metrics.side).toBe('MX');
    expect(crossing.latest.metrics.side).toBe('US');
    expect(
      routeRemainingKm(route, [crossing.windowStart.lng, crossing.windowStart.lat]) -
        routeRemainingKm(route, [crossing.latest.lng, crossing.latest.lat]),
    ).toBeGreaterThan(5);
    expect(etaDays({ ...crossing, days: 1, route })).toBeNull();
    // Back toward the border from the north: closing, but nobody is arriving.
    const returning = window([-106.4, 32.1], [-106.42, 31.9]);
    expect(returning.latest.metrics.side).toBe('US');
    expect(etaDays({ ...returning, days: 1 })).toBeNull();
  });

  it('gives none to a caravan closing by less than half a kilometre a day', () => {
    const resting = window([-93.9, 16.2333], [-93.9, 16.2353]);
    const closingKm = resting.windowStart.metrics.distanceToBorderKm - resting.latest.metrics.distanceToBorderKm;
    expect(closingKm).toBeGreaterThan(0);
    expect(closingKm).toBeLessThan(0.5);
    expect(etaDays({ ...resting, days: 1 })).toBeNull();
  });
});

describe('legKm', () => {
  it('counts a move within the fixes’ accuracy as jitter, and a real move in full', () => {
    expect(legKm({ lng: 0, lat: 0, accuracyM: 10 }, { lng: 0, lat: 0.0001 })).toBe(0);
    expect(legKm({ lng: 0, lat: 0, accuracyM: 50 }, { lng: 0, lat: 0.0008, accuracyM: 50 })).toBe(0);
    expect(legKm({ lng: 0, lat: 0 }, { lng: 0, lat: 0.0002 })).toBe(0);
    expect(legKm({ lng: 0, lat: 0, accuracyM: 10 }, { lng: 0, lat: 0.001 })).toBeCloseTo(0.1106, 4);
  });
});

describe('routeRemainingKm', () => {
  const route: RouteLine = {
    type: 'LineString',
    coordinates: [
      [0, 0],
      [0, 1],
      [0, 2],
    ],
  };
  it('measures from the nearest point of the route to its end', () => {
    expect(routeRemainingKm(route, [0, 0])).toBeCloseTo(geodesicDistanceKm([0, 0], [0, 2]), 3);
    expect(routeRemainingKm(route, [0.1, 1])).toBeCloseTo(geodesicDistanceKm([0, 1], [0, 2]), 1);
    expect(routeRemainingKm(route, [0, 2.5])).toBeCloseTo(0, 6);
  });
});
