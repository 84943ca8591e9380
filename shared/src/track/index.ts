/**
 * The track: the visible, undoubted reports of a caravan in (fix time, id) order. One home for
 * what it is (isOnTrack), its order (compareTrackOrder, the Redis sorted sets' own), search in
 * it, and how traveledKm changes as reports join or leave it. Types only from the schemas, so a
 * page that imports this carries no TypeBox.
 */
export { legDeltaKm, type TrackNeighbour } from './leg-delta';
export { isDoubted, isOnTrack } from './on-track';
export { compareTrackOrder, fixTimeMs, type TrackOrdered } from './order';
export { rejudgeWindow, withSpeedVerdict, type CandidateChange, type Rejudged, type TrackWindow } from './rejudge';
export { countFixedBy, firstAtOrAfter, insertionIndex, lastFixedBy } from './search';
export { isSpeedCandidate, isSpeedOutlier, OUTLIER_NEIGHBOURS, REJUDGE_MARGIN, type SpeedJudged } from './speed-outliers';
