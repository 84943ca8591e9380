import { assertPresent, invalidParam, setField, type PhoneFix } from './phone-fix';
import { jsonNumber, unknownIfNegative } from './phone-numbers';

/** The message's `_type`, and the fix to store: only `location` messages carry one. */
export interface OwnTracksMessage {
  type: string;
  fix: PhoneFix | null;
}

/**
 * Reads an OwnTracks JSON message. Locations carry `lat`, `lon`, `tst` (epoch seconds) and
 * optionally `acc` (m), `alt` (m), `vel` (km/h) and `cog` (degrees); every other field (`batt`,
 * `tid`, `conn`, `inregions`, ...) is ignored. Other types are acknowledged without a fix.
 */
export function owntracksMessage(body: unknown): OwnTracksMessage {
  const message = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  if (typeof message?._type !== 'string') throw invalidParam('_type', 'required', 'is required (send an OwnTracks JSON message)');
  if (message._type !== 'location') return { type: message._type, fix: null };

  const fix: PhoneFix = { report: {}, names: {} };
  setField(fix, 'lat', jsonNumber(message.lat, 'lat'), 'lat');
  setField(fix, 'lng', jsonNumber(message.lon, 'lon'), 'lon');
  const tst = jsonNumber(message.tst, 'tst');
  setField(fix, 'recordedAt', tst === undefined ? undefined : Math.round(tst * 1000), 'tst');
  assertPresent([
    ['lat', fix.report.lat !== undefined],
    ['lon', fix.report.lng !== undefined],
    ['tst', fix.report.recordedAt !== undefined],
  ]);
  setField(fix, 'accuracyM', jsonNumber(message.acc, 'acc'), 'acc');
  setField(fix, 'altitudeM', jsonNumber(message.alt, 'alt'), 'alt');
  setField(fix, 'speedKmh', unknownIfNegative(jsonNumber(message.vel, 'vel')), 'vel');
  setField(fix, 'headingDeg', unknownIfNegative(jsonNumber(message.cog, 'cog')), 'cog');
  return { type: 'location', fix };
}
