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

/**
 * One fix from Traccar Client 9's JSON body (its background-location SDK's native format):
 * `{ device_id, location: { timestamp, coords: { latitude, longitude, accuracy, speed (m/s),
 * heading, altitude }, battery, activity, ... } }`. Every other field is ignored.
 */
export function traccarJsonFix(body: unknown): PhoneFix {
  const location = isObject(body) ? body.location : undefined;
  if (!isObject(location)) throw invalidParam('location', 'required', 'is required (an object with timestamp and coords)');
  const coords = location.coords;
  if (!isObject(coords)) throw invalidParam('location.coords', 'required', 'is required (an object with latitude and longitude)');

  const fix: PhoneFix = { report: {}, names: {} };
  setField(fix, 'lat', jsonNumber(coords.latitude, 'location.coords.latitude'), 'location.coords.latitude');
  setField(fix, 'lng', jsonNumber(coords.longitude, 'location.coords.longitude'), 'location.coords.longitude');
  setField(fix, 'recordedAt', fixTime(location.timestamp), 'location.timestamp');
  assertPresent([
    ['location.coords.latitude', fix.report.lat !== undefined],
    ['location.coords.longitude', fix.report.lng !== undefined],
    ['location.timestamp', fix.report.recordedAt !== undefined],
  ]);

  const speed = unknownIfNegative(jsonNumber(coords.speed, 'location.coords.speed'));
  setField(fix, 'speedKmh', metresPerSecondToKmh(speed), 'location.coords.speed');
  const heading = unknownIfNegative(jsonNumber(coords.heading, 'location.coords.heading'));
  setField(fix, 'headingDeg', heading, 'location.coords.heading');
  setField(fix, 'altitudeM', jsonNumber(coords.altitude, 'location.coords.altitude'), 'location.coords.altitude');
  setField(fix, 'accuracyM', jsonNumber(coords.accuracy, 'location.coords.accuracy'), 'location.coords.accuracy');
  return fix;
}
