import type { Caravan, LngLat, PublicLatest, PublicPoint, PublicSnapshot, Report } from '@rumbo/shared';
import { publicPlaceAt } from '@rumbo/shared/places';
import { caravanMetrics, legKm, reportMetrics, SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import { simplify } from '@turf/turf';
import { compareTrackOrder, fixTimeMs, isOnTrack, lastFixedBy } from '@rumbo/shared/track';
import { publicSummary } from './public-sentence';
import { snapToGrid } from './snap-to-grid';

/** A caravan on foot covers about this much in an hour; the public step is how long it takes to cross one grid cell. */
const WALKING_KM_PER_HOUR = 4;
const NOTES_SHOWN = 20;
/**
 * How many public steps a sample's window spans: the sample at boundary T shows a fix from
 * [T − 3 steps, T). Measured with observers who read cell edges, fit lines through them or move
 * the cell on by the caravan's pace (server/test/public/public-time.test.ts): with two steps, some
 * walks let them place the caravan within 0.4 of the grid (median); with three, none closer than
 * half of it at 1 and 2 km.
 */
export const SAMPLE_WINDOW_STEPS = 3;

/**
 * The public time step of a caravan: about the time a walking caravan takes to cross one grid
 * cell, in whole minutes (30 min for 2 km). The public sees the caravan once a step and every time
 * it is shown is a step boundary, so a time never says more than the grid does.
 * @example publicStepMs(2) // 1_800_000
 */
export function publicStepMs(precisionKm: number): number {
  return Math.max(1, Math.round((precisionKm / WALKING_KM_PER_HOUR) * 60)) * 60_000;
}

/** The release point: now − delay, rounded down to the caravan's public step. */
export function releasedUntil(caravan: Caravan, now: number): number {
  const stepMs = publicStepMs(caravan.public.precisionKm);
  return Math.floor((now - caravan.public.delayMinutes * 60_000) / stepMs) * stepMs;
}

const roundTo = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(3));
const arrivalMs = (report: Pick<Report, 'receivedAt'>) => Date.parse(report.receivedAt);

/**
 * Whether a stored report is inside the released past: its fix time and its arrival both at or
 * before `until`. The arrival counts too, since a phone clock that runs behind (or a fix sent
 * hours late) must not make a fresh report public at once.
 */
export const isReleased = (report: Pick<Report, 'recordedAt' | 'receivedAt'>, until: number) =>
  fixTimeMs(report) <= until && arrivalMs(report) <= until;

/**
 * Which fix of a sample's window shows: the one whose id hashes lowest (FNV-1a). Ids never reach
 * the public, so to an observer the moment shown is anywhere in the window; the choice is the same
 * on every instance and at every poll.
 */
function pickRank(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A sample not final yet: the step boundary it shows at, the fix picked so far, the notes it releases. */
interface OpenSample {
  readonly time: number;
  readonly rank: number;
  readonly cell: PublicPoint;
  readonly notes: readonly PublicPoint[];
}

/**
 * The released part of a track as the public sees it, and what the next release step continues
 * from (releases only move forward, so a step adds the fixes released since instead of projecting
 * everything again). The public track is sampled once a public step: the sample at boundary T
 * shows the cell of one fix from the SAMPLE_WINDOW_STEPS steps before T, picked as pickRank says,
 * at time T.
 * Consecutive samples in one cell are one point.
 */
export interface ReleasedTrack {
  /** Distinct consecutive cells, each at the step it was first shown. */
  readonly points: readonly PublicPoint[];
  /** legKm summed along `points`, in order. */
  readonly traveledKm: number;
  /** The newest sample: its cell and its step. */
  readonly latest: PublicPoint | null;
  /** The newest NOTES_SHOWN notes (only when the caravan shows them), each at the end of the window-long span it was written in. */
  readonly notes: readonly PublicPoint[];
  /** Samples whose window reaches past the release point (at most SAMPLE_WINDOW_STEPS), in time order. */
  readonly open: readonly OpenSample[];
  /**
   * The earliest arrival among track fixes in the released past that arrived too recently to
   * show: when the release point reaches it, the track must be projected again (null: none).
   */
  readonly withheldUntil: number | null;
}

export const NOTHING_RELEASED: ReleasedTrack = Object.freeze({
  points: [],
  traveledKm: 0,
  latest: null,
  notes: [],
  open: [],
  withheldUntil: null,
});

/** Everything of a caravan the projection depends on besides its reports and the time, as one comparable string. */
export const projectionSettings = (caravan: Caravan) => JSON.stringify([caravan.name, caravan.origin, caravan.public]);

/** The fix as the public may see it at `time`: its grid cell, and its headcount. */
function cellAt(report: Report, caravan: Caravan, time: number): PublicPoint {
  const [lng, lat] = snapToGrid([report.lng, report.lat], caravan.public.precisionKm);
  return {
    lng,
    lat,
    recordedAt: new Date(time).toISOString(),
    ...(report.headcount === undefined ? {} : { headcount: report.headcount }),
  };
}

/**
 * The public projection, first half: `released` continued with the fixes of `reports` (in track
 * order, none before what `released` holds) that are public at `until`: on the track (visible,
 * unflagged), fixed and arrived at or before `until`, sampled once a step, snapped to the grid,
 * at step times. Pure: `released` is left as it was.
 */
export function releaseFixes(
  caravan: Caravan,
  released: ReleasedTrack,
  reports: readonly Report[],
  until: number,
): ReleasedTrack {
  const stepMs = publicStepMs(caravan.public.precisionKm);
  // Copied once per call, then grown in place: closing a sample must not copy the whole track.
  const shown = showing(released);
  let open = [...released.open];
  let { withheldUntil } = released;

  for (const report of reports) {
    if (!isOnTrack(report) || fixTimeMs(report) > until) continue;
    if (arrivalMs(report) > until) {
      withheldUntil = Math.min(withheldUntil ?? Infinity, arrivalMs(report));
      continue;
    }
    // The samples whose window [T − SAMPLE_WINDOW_STEPS steps, T) holds this fix: the first is the next boundary.
    const first = (Math.floor(fixTimeMs(report) / stepMs) + 1) * stepMs;
    if (open.length > 0 && open[0]!.time < first) {
      // No fix still to come falls in the windows of the samples before `first`: they show.
      showInto(
        shown,
        open.filter((sample) => sample.time < first),
      );
      open = open.filter((sample) => sample.time >= first);
    }
    const rank = pickRank(report.id);
    const windowMs = SAMPLE_WINDOW_STEPS * stepMs;
    // A note shows at the end of the window-long span it was written in: its time says no more than a position's.
    const noteTime = (Math.floor(fixTimeMs(report) / windowMs) + 1) * windowMs;
    for (let time = first; time < first + windowMs; time += stepMs) {
      const sample = open.find((candidate) => candidate.time === time);
      const picked =
        !sample || rank < sample.rank ? { time, rank, cell: cellAt(report, caravan, time), notes: sample?.notes ?? [] } : sample;
      const withNote =
        caravan.public.showNotes && report.note && time === noteTime
          ? { ...picked, notes: [...picked.notes, { ...cellAt(report, caravan, time), note: report.note }] }
          : picked;
      open = sample ? open.map((candidate) => (candidate === sample ? withNote : candidate)) : [...open, withNote];
    }
  }
  return { ...shown, open, withheldUntil };
}

/** What a released track shows so far, as working copies that showInto grows. */
interface Shown {
  points: PublicPoint[];
  notes: PublicPoint[];
  traveledKm: number;
  latest: PublicPoint | null;
}

const showing = (track: ReleasedTrack): Shown => ({
  points: [...track.points],
  notes: [...track.notes],
  traveledKm: track.traveledKm,
  latest: track.latest,
});

/** Adds closed samples, in time order, to what `shown` shows: a new point per new cell, the newest notes. */
function showInto(shown: Shown, samples: readonly OpenSample[]): void {
  for (const { cell, notes: written } of samples) {
    const last = shown.points.at(-1);
    if (!last || last.lng !== cell.lng || last.lat !== cell.lat) {
      if (last) shown.traveledKm += legKm(last, cell);
      shown.points.push(cell);
    }
    shown.latest = cell;
    shown.notes.push(...written);
    if (shown.notes.length > NOTES_SHOWN) shown.notes.splice(0, shown.notes.length - NOTES_SHOWN);
  }
}

/** The track with every open sample before `time` shown: their windows end by then. Pure. */
function showSamplesBefore(track: ReleasedTrack, time: number): ReleasedTrack {
  const closed = track.open.filter((sample) => sample.time < time);
  if (closed.length === 0) return track;
  const shown = showing(track);
  showInto(shown, closed);
  return { ...track, ...shown, open: track.open.filter((sample) => sample.time >= time) };
}

/**
 * The public projection, second half: the snapshot of a released track, with the metrics computed
 * from the snapped points and rounded to the grid, so nothing exact leaks through them. Pure.
 */
export function publicSnapshot(caravan: Caravan, released: ReleasedTrack, until: number): PublicSnapshot {
  // Samples up to the release point show, however many fixes are still to be read after them.
  const shown = showSamplesBefore(released, until + 1);
  const { points, latest } = shown;
  const { precisionKm, delayMinutes } = caravan.public;
  const publicLatest = latest && withPublicPlace(latest, precisionKm);
  // The newest fix stands for its cell: same place as the cell's point, later time.
  const metrics = publicMetrics(caravan, latest ? [...points.slice(0, -1), latest] : points, shown.traveledKm);
  return {
    caravan: { id: caravan.id, name: caravan.name },
    delayMinutes,
    precisionKm,
    releasedUntil: new Date(until).toISOString(),
    latest: publicLatest,
    metrics,
    track: simplifiedTrack(points, precisionKm),
    notes: [...shown.notes],
    // Said from the values above only: the sentence can tell no more than the snapshot.
    summary: publicSummary({ latest: publicLatest, metrics, delayMinutes, precisionKm }),
  };
}

/**
 * THE public projection (ARCHITECTURE.md, "the safety rule"), whole: what the public may see of a
 * caravan's stored reports at `now`. Only visible, unflagged fixes at least `delayMinutes` old,
 * snapped to a `precisionKm` grid, without any field that could identify a reporter or a device;
 * notes only when the caravan allows. Every public answer (REST, the `/public` socket, the embed)
 * is exactly this; public-views.ts computes it in release steps, through its two halves above,
 * and caches it, and a test holds every public surface to this function.
 */
export function publicProjection(caravan: Caravan, reports: readonly Report[], now: number): PublicSnapshot {
  const until = releasedUntil(caravan, now);
  return publicSnapshot(caravan, releaseFixes(caravan, NOTHING_RELEASED, [...reports].sort(compareTrackOrder), until), until);
}

/** The newest public point with where it is in words, named no finer than the grid. */
function withPublicPlace(latest: PublicPoint, precisionKm: number): PublicLatest {
  const place = publicPlaceAt([latest.lng, latest.lat], precisionKm);
  return place ? { ...latest, place } : latest;
}

/** Metrics of the snapped track, rounded to the grid: the public never gets more than the map shows. */
function publicMetrics(caravan: Caravan, points: readonly PublicPoint[], traveledKm: number): PublicSnapshot['metrics'] {
  const latest = points.at(-1);
  if (!latest)
    return {
      distanceToBorderKm: null,
      nearestCrossing: null,
      traveledKm: 0,
      progressPct: null,
      speedKmPerDay: null,
      etaDays: null,
    };
  const windowStart = lastFixedBy(points, fixTimeMs(latest) - SPEED_WINDOW_MS) ?? points[0]!;
  const withMetrics = (point: PublicPoint) => ({ ...point, metrics: reportMetrics([point.lng, point.lat]) });
  const metrics = caravanMetrics({
    origin: [caravan.origin.lng, caravan.origin.lat],
    latest: withMetrics(latest),
    windowStart: withMetrics(windowStart),
    traveledKm,
  });
  const { precisionKm } = caravan.public;
  return {
    distanceToBorderKm: metrics.distanceToBorderKm === null ? null : roundTo(metrics.distanceToBorderKm, precisionKm),
    nearestCrossing: metrics.nearestCrossing && {
      name: metrics.nearestCrossing.name,
      distanceKm: roundTo(metrics.nearestCrossing.distanceKm, precisionKm),
    },
    traveledKm: roundTo(metrics.traveledKm, precisionKm),
    progressPct: metrics.progressPct === null ? null : Math.round(metrics.progressPct),
    speedKmPerDay: metrics.speedKmPerDay === null ? null : Math.round(metrics.speedKmPerDay),
    etaDays: metrics.etaDays === null ? null : Math.round(metrics.etaDays),
  };
}

/** The track line, simplified at the grid's scale (its vertices stay grid cells). */
function simplifiedTrack(points: readonly PublicPoint[], precisionKm: number): LngLat[] {
  const coordinates = points.map((point): LngLat => [point.lng, point.lat]);
  if (coordinates.length < 3) return coordinates;
  const line = simplify({ type: 'LineString', coordinates }, { tolerance: precisionKm / 111.32 / 2, highQuality: false });
  return line.coordinates as LngLat[];
}
