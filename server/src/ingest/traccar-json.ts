import { assertPresent, invalidParam, setField, type PhoneFix } from './phone-fix';
import { jsonNumber, metresPerSecondToKmh, unknownIfNegative } from './phone-numbers';
import { epochMs, timeParam } from './phone-time';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The device id of a Traccar Client 9 body (`device_id`), or null when it has none. */
export function traccarJsonDeviceId(body: unknown): string | null {
  const deviceId = isObject(body) ? body.device_id : undefined;
  if (typeof deviceId === 'number') return String(deviceId);
  return typeof deviceId === 'string' && deviceId !== '' ? deviceId : null;
}

/** `location.timestamp`: an ISO 8601 string or epoch milliseconds. */
function fixTime(value: unknown): number | undefined {
  if (typeof value === 'string') return timeParam(value, 'location.timestamp');
  const ms = jsonNumber(value, 'location.timestamp');
  return ms === undefined ? undefined : epochMs(ms);
}

/** The `location.coords` of a Traccar Client 9 body, when it is an object. */
const coordsOf = (body: unknown): JsonObject | null => {
  const location = isObject(body) ? body.location : undefined;
  return isObject(location) && isObject(location.coords) ? location.coords : null;
};

/**
 * Whether a Traccar Client 9 body carries a position at all. A `location` without coordinates
 * is a sign of life (a heartbeat), not a broken fix; a body with no `location` object is neither.
 */
export function traccarJsonHasPosition(body: unknown): boolean {
  const location = isObject(body) ? body.location : undefined;
  if (!isObject(location)) return true; // refused by traccarJsonFix, naming `location`
  const coords = coordsOf(body);
  return coords !== null && (coords.latitude != null || coords.longitude != null);
}

/**
 * One fix from Traccar Client 9's JSON body (its background-location SDK's native format):
 * `{ device_id, location: { timestamp, coords: { latitude, longitude, accuracy, speed (m/s),
 * heading, altitude }, battery, activity, ... } }`. Every other field is ignored. Without a
 * timestamp the fix is timed at its arrival, `arrivedAtMs`.
 */
export function traccarJsonFix(body: unknown, arrivedAtMs: number): PhoneFix {
  const location = isObject(body) ? body.location : undefined;
  if (!isObject(location)) throw invalidParam('location', 'required', 'is required (an object with timestamp and coords)');
  const coords = coordsOf(body);
  if (!coords) throw invalidParam('location.coords', 'required', 'is required (an object with latitude and longitude)');

  const fix: PhoneFix = { report: {}, names: {} };
  setField(fix, 'lat', jsonNumber(coords.latitude, 'location.coords.latitude'), 'location.coords.latitude');
  setField(fix, 'lng', jsonNumber(coords.longitude, 'location.coords.longitude'), 'location.coords.longitude');
  setField(fix, 'recordedAt', fixTime(location.timestamp) ?? arrivedAtMs, 'location.timestamp');
  assertPresent([
    ['location.coords.latitude', fix.report.lat !== undefined],
    ['location.coords.longitude', fix.report.lng !== undefined],
  ]);

  const speed = unknownIfNegative(jsonNumber(coords.speed, 'location.coords.speed'));
  setField(fix, 'speedKmh', metresPerSecondToKmh(speed), 'location.coords.speed');
  const heading = unknownIfNegative(jsonNumber(coords.heading, 'location.coords.heading'));
  setField(fix, 'headingDeg', heading, 'location.coords.heading');
  setField(fix, 'altitudeM', jsonNumber(coords.altitude, 'location.coords.altitude'), 'location.coords.altitude');
  setField(fix, 'accuracyM', jsonNumber(coords.accuracy, 'location.coords.accuracy'), 'location.coords.accuracy');
  return fix;
}
