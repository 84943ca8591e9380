import { assertPresent, invalidParam, setField, type PhoneFix } from './phone-fix';
import { knotsToKmh, metresPerSecondToKmh, numberParam, unknownIfNegative } from './phone-numbers';
import { timeParam } from './phone-time';

/** The reporter's device id: `id`, or `deviceid` as some Traccar Client versions send it. */
export function osmandDeviceId(params: URLSearchParams): string | null {
  return params.get('id') || params.get('deviceid') || null;
}

/** `location=lat,lon`, Traccar's one-parameter alternative to `lat` and `lon`. */
function locationParam(text: string): { lat: number; lon: number } {
  const parts = text.split(',');
  const [lat, lon] = parts.map((part) => numberParam(part.trim(), 'location'));
  if (parts.length !== 2 || lat === undefined || lon === undefined) {
    throw invalidParam('location', 'format', 'must be "lat,lon" in decimal degrees');
  }
  return { lat, lon };
}

/**
 * The speed parameter's unit depends on the sender. Traccar Client sends knots (Traccar's server
 * reads `speed` as knots). OsmAnd fills its URL template's {5} with Android's speed in m/s, and
 * its template always carries `hdop={3}`, which Traccar Client never sends: `hdop` marks OsmAnd.
 */
function speedKmh(params: URLSearchParams): number | undefined {
  const speed = unknownIfNegative(numberParam(params.get('speed'), 'speed'));
  return params.has('hdop') ? metresPerSecondToKmh(speed) : knotsToKmh(speed);
}

/** Whether the parameters carry a position at all: without one the request is a heartbeat. */
export const hasOsmandPosition = (params: URLSearchParams) => params.has('lat') || params.has('lon') || params.has('location');

/**
 * One fix from OsmAnd-protocol parameters (Traccar Client up to version 8, OsmAnd, and any app
 * with a URL template). Unknown parameters (`batt`, `charge`, `valid`, ...) are ignored. Without
 * `timestamp` the fix is timed at its arrival, `arrivedAtMs`, as Traccar's own server does.
 */
export function osmandFix(params: URLSearchParams, arrivedAtMs: number): PhoneFix {
  const fix: PhoneFix = { report: {}, names: {} };
  const location = params.get('location');
  const usesLocation = !params.has('lat') && !params.has('lon') && location !== null;
  if (usesLocation) {
    const { lat, lon } = locationParam(location);
    setField(fix, 'lat', lat, 'location');
    setField(fix, 'lng', lon, 'location');
  } else {
    setField(fix, 'lat', numberParam(params.get('lat'), 'lat'), 'lat');
    setField(fix, 'lng', numberParam(params.get('lon'), 'lon'), 'lon');
  }
  const timestamp = params.get('timestamp');
  setField(fix, 'recordedAt', timestamp ? timeParam(timestamp, 'timestamp') : arrivedAtMs, 'timestamp');
  assertPresent([
    ['lat', fix.report.lat !== undefined],
    ['lon', fix.report.lng !== undefined],
  ]);

  setField(fix, 'speedKmh', speedKmh(params), 'speed');
  const headingName = params.has('bearing') ? 'bearing' : 'heading';
  setField(fix, 'headingDeg', unknownIfNegative(numberParam(params.get(headingName), headingName)), headingName);
  setField(fix, 'altitudeM', numberParam(params.get('altitude'), 'altitude'), 'altitude');
  // OsmAnd's "hdop" ({3}) is Android's horizontal accuracy in metres, not a dilution of precision.
  const accuracyName = params.has('accuracy') ? 'accuracy' : 'hdop';
  setField(fix, 'accuracyM', numberParam(params.get(accuracyName), accuracyName), accuracyName);
  return fix;
}
