import { chainLengthKm, legKm, type LegEnd } from '../geo/leg';
import type { Report } from '../schemas/report';
import { compareTrackOrder } from './order';
import { isSpeedOutlier, REJUDGE_MARGIN } from './speed-outliers';

/**
 * The stretch of a caravan's speed candidates (see isSpeedCandidate) around a change, as stored:
 * every candidate between its ends, at least REJUDGE_MARGIN beyond the outermost change on each
 * side unless the track ends first, and the track's reports just outside it.
 */
export interface TrackWindow {
  candidates: readonly Report[];
  /** Whether the window starts at the caravan's first candidate / ends at its last one. */
  atStart: boolean;
  atEnd: boolean;
  /** The last report on the track before the window's first candidate, and the first after its last. */
  trackBefore: Report | null;
  trackAfter: Report | null;
}

/** What changes in the window: candidates that join (new or restored reports) and ids that leave (hidden). */
export interface CandidateChange {
  joining: readonly Report[];
  leaving: ReadonlySet<string>;
}

export interface Rejudged {
  /** Every candidate in the window whose flags the new verdicts change, and every joining one, as it is now. */
  reports: Report[];
  /** Ids that join the track and ids that leave it. */
  joined: string[];
  left: string[];
  /** How traveledKm changes. */
  deltaKm: number;
}

const isFlaggedOutlier = (report: Pick<Report, 'flags'>) => report.flags.includes('implausible_speed');

/**
 * The report with a speed verdict as its `implausible_speed` flag (first, as FLAGS lists it);
 * `false` also strips a verdict a report came with (the store judges speed, not its sender).
 * @example withSpeedVerdict(report, true).flags // ['implausible_speed', …its other flags]
 */
export function withSpeedVerdict(report: Report, outlier: boolean): Report {
  if (report.flags.includes('implausible_speed') === outlier && (!outlier || report.flags[0] === 'implausible_speed'))
    return report;
  const others = report.flags.filter((flag) => flag !== 'implausible_speed');
  return { ...report, flags: outlier ? ['implausible_speed', ...others] : others };
}

/** A leg as measured: its end, both ends' positions and accuracies then, and the km. */
interface MeasuredLeg {
  to: LegEnd;
  fromLng: number;
  fromLat: number;
  fromAccuracyM: number | undefined;
  toLng: number;
  toLat: number;
  toAccuracyM: number | undefined;
  km: number;
}
/** The last leg measured from each report object. */
const lastLegs = new WeakMap<LegEnd, MeasuredLeg>();
/** Whether `leg` was measured from `from` to `to` as they are now (neither moved nor changed accuracy). */
const stillStands = (leg: MeasuredLeg, from: LegEnd, to: LegEnd) =>
  leg.to === to &&
  leg.fromLng === from.lng &&
  leg.fromLat === from.lat &&
  leg.fromAccuracyM === from.accuracyM &&
  leg.toLng === to.lng &&
  leg.toLat === to.lat &&
  leg.toAccuracyM === to.accuracyM;

/**
 * legKm, remembered per pair of report objects while neither moved: a window judged again after
 * each append measures the same legs of the caravan's tail before and after, and again next time.
 */
function rememberedLegKm(from: LegEnd, to: LegEnd): number {
  const known = lastLegs.get(from);
  if (known && stillStands(known, from, to)) return known.km;
  const km = legKm(from, to);
  lastLegs.set(from, {
    to,
    fromLng: from.lng,
    fromLat: from.lat,
    fromAccuracyM: from.accuracyM,
    toLng: to.lng,
    toLat: to.lat,
    toAccuracyM: to.accuracyM,
    km,
  });
  return km;
}

/** chainLengthKm of the reports given, the nulls left out, each leg measured once while it stands. */
const chainKm = (chain: ReadonlyArray<Report | null>) =>
  chainLengthKm(
    chain.filter((report): report is Report => report !== null),
    rememberedLegKm,
  );

/**
 * Judges again every fix of the window whose neighbours the change can touch, as isSpeedOutlier
 * does (a pure function of the candidates, so arrival order never matters), and says what that
 * does to the track: which reports' flags change, which join or leave the track, and the change
 * of traveledKm (the legs of the track through the window after, minus before). Both stores apply
 * exactly this: an insert, a hide and a restore re-judge the neighbours of what they change.
 * @example rejudgeWindow(window, { joining: [fix], leaving: new Set() }, 150).joined // [fix.id] unless it is an outlier
 */
export function rejudgeWindow(window: TrackWindow, change: CandidateChange, maxSpeedKmh: number): Rejudged {
  const before = window.candidates;
  const after = [...before.filter((report) => !change.leaving.has(report.id)), ...change.joining].sort(compareTrackOrder);
  const joiningIds = new Set(change.joining.map((report) => report.id));
  const wasOnTrack = new Set(before.filter((report) => !isFlaggedOutlier(report)).map((report) => report.id));

  const judged = after.map((report, index) => {
    // Whether all the neighbours it is judged against are in the window.
    const margin = REJUDGE_MARGIN / 2;
    const judgeable = (window.atStart || index >= margin) && (window.atEnd || index < after.length - margin);
    return judgeable ? withSpeedVerdict(report, isSpeedOutlier(after, index, maxSpeedKmh)) : report;
  });
  const nowOnTrack = judged.filter((report) => !isFlaggedOutlier(report));
  const nowOnTrackIds = new Set(nowOnTrack.map((report) => report.id));

  const reports = judged.filter(
    (report, index) => joiningIds.has(report.id) || isFlaggedOutlier(report) !== isFlaggedOutlier(after[index]!),
  );
  const joined = nowOnTrack.filter((report) => !wasOnTrack.has(report.id)).map((report) => report.id);
  const left = [...wasOnTrack].filter((id) => !nowOnTrackIds.has(id));
  const trackBefore = before.filter((report) => wasOnTrack.has(report.id));
  const deltaKm =
    chainKm([window.trackBefore, ...nowOnTrack, window.trackAfter]) -
    chainKm([window.trackBefore, ...trackBefore, window.trackAfter]);
  return { reports, joined, left, deltaKm };
}
