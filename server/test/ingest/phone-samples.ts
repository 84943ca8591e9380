import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountCreated } from '@rumbo/shared';
import type { InjectOptions } from 'fastify';
import type { PhoneApp } from './phone-retry-rules';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'phones');
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');
const lines = (file: string) => read(file).split('\n').filter(Boolean);

/** What a sample holds: a fix to store, only a sign of life, or nothing to store. */
export type Carries = 'fix' | 'heartbeat' | 'nothing';

/** One real request, sent as the reporter `reporter` (its device id or Basic credential put in). */
export interface PhoneSample {
  name: string;
  apps: PhoneApp[];
  carries: Carries;
  request(reporter: AccountCreated): InjectOptions;
}

/** The sample's query or form with its device id (`id` or `deviceid`) replaced by the reporter's. */
function withDeviceId(encoded: string, deviceId: string): string {
  return encoded.replace(/(^|&)(id|deviceid)=[^&]*/, `$1$2=${deviceId}`);
}

const hasPosition = (query: string) => /(^|&)(lat|lon|location)=/.test(query);

const osmandQuery = (file: string, apps: PhoneApp[], method: 'GET' | 'POST') =>
  lines(file).map((line, index): PhoneSample => ({
    name: `${file} #${index + 1}`,
    apps,
    carries: hasPosition(line) ? 'fix' : 'heartbeat',
    request: (reporter) => ({ method, url: `/ingest/osmand?${withDeviceId(line.replace(/^\/\?/, ''), reporter.deviceId!)}` }),
  }));

const traccarJson = (file: string): PhoneSample => ({
  name: file,
  apps: ['traccar-client-9'],
  carries: 'fix',
  request: (reporter) => ({
    method: 'POST',
    url: '/ingest/osmand',
    headers: { 'content-type': 'application/json' },
    payload: read(file).replace(/"device_id":"[^"]*"/, `"device_id":"${reporter.deviceId}"`),
  }),
});

const traccarForm = (file: string, carries: Carries): PhoneSample => ({
  name: file,
  apps: ['traccar-client-10'],
  carries,
  request: (reporter) => ({
    method: 'POST',
    url: '/ingest/osmand',
    // ktor's submitForm
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    payload: withDeviceId(read(file).trim(), reporter.deviceId!),
  }),
});

const basic = (reporter: AccountCreated) => `Basic ${Buffer.from(`${reporter.id}:${reporter.token}`).toString('base64')}`;

const owntracks = (file: string, carries: Carries, contentType: string, apps: PhoneApp[]): PhoneSample => ({
  name: file,
  apps,
  carries,
  request: (reporter) => ({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: { 'content-type': contentType, authorization: basic(reporter), 'x-limit-u': 'jane', 'x-limit-d': 'phone' },
    payload: read(file),
  }),
});

const OWNTRACKS_APPS: PhoneApp[] = ['owntracks-android', 'owntracks-ios'];
const OWNTRACKS_ANDROID_JSON = 'application/json; charset=utf-8';

/** Every replayed sample (fixtures/phones/SOURCES.md says where each comes from). */
export const PHONE_SAMPLES: PhoneSample[] = [
  // Traccar's decoder takes these from any OsmAnd-protocol sender; the second has no id at all (below).
  ...osmandQuery('traccar-decoder-queries.txt', ['traccar-client-android-7', 'osmand'], 'GET').filter(
    (sample) => sample.name !== 'traccar-decoder-queries.txt #2',
  ),
  ...[1, 2, 3, 4].map((n) => traccarJson(`traccar-decoder-json-${n}.json`)),
  ...osmandQuery('traccar-client-android-7.9.queries.txt', ['traccar-client-android-7'], 'POST'),
  ...osmandQuery('traccar-client-ios-7.2.queries.txt', ['traccar-client-ios-7'], 'POST'),
  traccarForm('traccar-client-10-fix.form', 'fix'),
  traccarForm('traccar-client-10-heartbeat.form', 'heartbeat'),
  ...osmandQuery('osmand-live-monitoring.query.txt', ['osmand'], 'GET'),
  ...[
    'valid_location_message',
    'location_with_created_at',
    'location_beacon_trigger',
    'location_timer_trigger',
    'location_deserialize_extended',
    'location_encrypted_decrypted',
    'valid_location_message_with_topic',
    'e2e-retry-location',
  ].map((name) => owntracks(`owntracks-android-${name}.json`, 'fix', OWNTRACKS_ANDROID_JSON, OWNTRACKS_APPS)),
  owntracks('owntracks-android-transition_message.json', 'nothing', OWNTRACKS_ANDROID_JSON, OWNTRACKS_APPS),
  owntracks('owntracks-android-waypoint_message.json', 'nothing', OWNTRACKS_ANDROID_JSON, OWNTRACKS_APPS),
  owntracks('owntracks-friend-removed.empty', 'nothing', 'application/json', OWNTRACKS_APPS),
  owntracks('owntracks-booklet-test-script.json', 'fix', 'application/x-www-form-urlencoded', OWNTRACKS_APPS),
];

/** Traccar's `/?timestamp=1377177267&lat=60.0&lon=30.0`: no device id, so nobody to store it for. */
export const SAMPLE_WITHOUT_DEVICE_ID = `/ingest/osmand?${lines('traccar-decoder-queries.txt')[1]!.replace(/^\/\?/, '')}`;
