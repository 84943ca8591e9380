import type { Account, AccountCreated, ErrorBody, Report } from '@rumbo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  adminHeaders,
  connectNewsroom,
  createCaravan,
  iso,
  listReports,
  nextEvent,
  stores,
  type NewsroomSocket,
} from '../helper';
import { useTestApp } from '../use-test-app';
import { createReporter, setRevoked } from './phone-app-helper';

const START_MS = Date.UTC(2024, 0, 12, 14);
const START_S = START_MS / 1000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

describe.each(stores)('phone apps on /ingest/osmand, %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true });
  const sockets: NewsroomSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** A caravan with one reporter, as an admin sets up a phone. */
  async function reporterOnCaravan(): Promise<{ caravanId: string; reporter: AccountCreated; deviceId: string }> {
    const caravanId = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [caravanId]);
    return { caravanId, reporter, deviceId: reporter.deviceId! };
  }

  const get = (query: string) => setup.app.inject({ method: 'GET', url: `/ingest/osmand?${query}` });
  const onlyReport = async (caravanId: string): Promise<Report> => {
    const reports = await listReports(setup.app, caravanId);
    expect(reports).toHaveLength(1);
    return reports[0]!;
  };
  const errorOf = (response: { json<T>(): T }) => response.json<ErrorBody>().error;
  const reporterListed = async (reporterId: string): Promise<Account> => {
    const response = await setup.app.inject({ method: 'GET', url: '/api/v1/reporters', headers: adminHeaders });
    return response.json<{ accounts: Account[] }>().accounts.find((account) => account.id === reporterId)!;
  };

  it('stores Traccar Client 8’s POST (parameters in the query, empty body): seconds, knots, battery ignored', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    // The request as traccar-client-android 8 builds it: ProtocolFormatter's parameters, no body.
    const url =
      `/ingest/osmand?id=${deviceId}&timestamp=${START_S}&lat=14.9056&lon=-92.2633&speed=2.5` +
      '&bearing=351.5&altitude=110.0&accuracy=12.0&batt=76.0&charge=false';

    const response = await setup.app.inject({ method: 'POST', url });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    const report = await onlyReport(caravanId);
    expect(report).toMatchObject({
      caravanId,
      reporterId: reporter.id,
      source: 'osmand',
      lat: 14.9056,
      lng: -92.2633,
      recordedAt: iso(START_MS),
      speedKmh: 4.63, // 2.5 knots × 1.852
      headingDeg: 351.5,
      altitudeM: 110,
      accuracyM: 12,
      flags: ['clock_behind'], // a 2024 fix arriving now
    });
    expect(report.id).toMatch(/^h-/);
    // batt and charge have no place in a report: the stored fields are exactly these.
    expect(Object.keys(report).sort()).toEqual(
      [
        ...['accuracyM', 'altitudeM', 'caravanId', 'flags', 'headingDeg', 'hidden', 'id', 'lat', 'lng', 'metrics'],
        ...['receivedAt', 'recordedAt', 'reporterId', 'source', 'speedKmh'],
      ].sort(),
    );

    // HTTP stacks label the empty body in odd ways: the query string still wins, and each resent
    // fix is the same report.
    for (const contentType of [FORM['content-type'], 'application/octet-stream', 'text/plain']) {
      const relabelled = await setup.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: '' });
      expect(relabelled.statusCode, contentType).toBe(200);
    }
    expect(await listReports(setup.app, caravanId)).toEqual([report]);
  });

  it('stores Traccar Client 9’s JSON body: m/s to km/h, every extra field ignored, −1 speed and heading left out', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    const location = {
      timestamp: iso(START_MS),
      uuid: '5b7b4a3e-5a8e-4a09-9f7a-1d1d3c1f0e3a',
      event: 'motionchange',
      is_moving: true,
      odometer: 1534.2,
      coords: {
        latitude: 15.0103,
        longitude: -92.3315,
        accuracy: 4.8,
        speed: 1.5,
        speed_accuracy: 0.4,
        heading: 270.3,
        heading_accuracy: 12,
        altitude: 95.2,
        ellipsoidal_altitude: 90.1,
        altitude_accuracy: 3,
        floor: null,
      },
      activity: { type: 'walking', confidence: 90 },
      battery: { level: 0.52, is_charging: false },
      extras: {},
    };

    const moving = await setup.app.inject({ method: 'POST', url: '/ingest/osmand', payload: { location, device_id: deviceId } });
    const unknownMotion = await setup.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      payload: {
        device_id: deviceId,
        location: {
          ...location,
          timestamp: START_MS + 60_000, // epoch milliseconds are accepted too
          coords: { ...location.coords, latitude: 15.011, speed: -1, heading: -1 },
        },
      },
    });

    expect([moving.statusCode, unknownMotion.statusCode]).toEqual([200, 200]);
    const [first, second] = await listReports(setup.app, caravanId);
    expect(first).toMatchObject({
      reporterId: reporter.id,
      source: 'osmand',
      lat: 15.0103,
      lng: -92.3315,
      recordedAt: iso(START_MS),
      speedKmh: 5.4, // 1.5 m/s × 3.6
      headingDeg: 270.3,
      altitudeM: 95.2,
      accuracyM: 4.8,
    });
    expect(second).toMatchObject({ lat: 15.011, recordedAt: iso(START_MS + 60_000) });
    expect(second).not.toHaveProperty('speedKmh');
    expect(second).not.toHaveProperty('headingDeg');
  });

  it('stores OsmAnd’s GET from its URL template: milliseconds, speed in m/s, hdop as accuracy in metres', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    // OsmAnd fills {0} lat, {1} lon, {2} time in ms, {3} accuracy (m), {4} altitude, {5} speed (m/s), {6} bearing.
    const response = await get(
      `id=${deviceId}&lat=15.1&lon=-92.4&timestamp=${START_MS}&hdop=7.5&altitude=120.5&speed=1.25&bearing=10.0`,
    );

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(await onlyReport(caravanId)).toMatchObject({
      lat: 15.1,
      lng: -92.4,
      recordedAt: iso(START_MS),
      speedKmh: 4.5, // 1.25 m/s × 3.6, not read as knots
      accuracyM: 7.5,
      altitudeM: 120.5,
      headingDeg: 10,
    });
  });

  it('reads a form-encoded POST body when the query string is empty (deviceid, ISO time, heading)', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    const payload = `deviceid=${deviceId}&lat=15.2&lon=-92.45&timestamp=${encodeURIComponent(iso(START_MS))}&heading=45&valid=true`;

    const response = await setup.app.inject({ method: 'POST', url: '/ingest/osmand', headers: FORM, payload });

    expect(response.statusCode).toBe(200);
    expect(await onlyReport(caravanId)).toMatchObject({
      reporterId: reporter.id,
      lat: 15.2,
      lng: -92.45,
      recordedAt: iso(START_MS),
      headingDeg: 45,
    });
  });

  it('reads location=lat,lon in that order, and names location when it is out of range', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();

    const response = await get(`id=${deviceId}&location=15.3,-92.5&timestamp=${START_S}`);
    const outOfRange = await get(`id=${deviceId}&location=95,-92.5&timestamp=${START_S + 60}`);

    expect(response.statusCode).toBe(200);
    expect(await onlyReport(caravanId)).toMatchObject({ lat: 15.3, lng: -92.5 });
    expect(outOfRange.statusCode).toBe(400);
    expect(errorOf(outOfRange).message).toBe('location: must be <= 90');
  });

  it('stores a fix sent twice once (a phone that lost the first answer resends it)', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    const query = `id=${deviceId}&lat=15.4&lon=-92.55&timestamp=${START_MS}&hdop=5&speed=1`;

    const [first, again] = [await get(query), await get(query)];

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    await onlyReport(caravanId);
  });

  it('refuses invalid fixes with a 400 naming the parameter as the app sent it, and stores none', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    const fix = (params: string) => get(`id=${deviceId}&${params}`);
    const cases: Array<[response: Awaited<ReturnType<typeof get>>, message: string | RegExp]> = [
      [await fix(`lat=95&lon=-92.5&timestamp=${START_S}`), 'lat: must be <= 90'],
      [await fix(`lat=15&lon=-200&timestamp=${START_S}`), 'lon: must be >= -180'],
      [await fix('lat=15&lon=-92.5&timestamp=yesterday'), /^timestamp: must be Unix seconds/],
      [await fix(`lat=15&lon=-92.5&timestamp=${START_S}&speed=fast`), 'speed: must be a number'],
      [await fix(`lat=15&lon=-92.5&timestamp=${START_S}&bearing=400`), 'bearing: must be <= 360'],
      [await fix(`lat=15&timestamp=${START_S}`), 'lon: is required'],
    ];
    const json = await setup.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      payload: { device_id: deviceId, location: { timestamp: iso(START_MS), coords: { latitude: 95, longitude: -92.5 } } },
    });
    cases.push([json, 'location.coords.latitude: must be <= 90']);

    for (const [response, message] of cases) {
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('invalid_report');
      expect(errorOf(response).message).toMatch(message);
    }
    expect(errorOf(cases[0]![0]).details).toEqual([{ field: 'lat', rule: 'maximum', message: 'lat: must be <= 90' }]);
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('answers 401 to an unknown or missing device id and stores nothing', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();

    const unknown = await get(`id=${deviceId}x&lat=15&lon=-92.5&timestamp=${START_S}`);
    const missing = await get(`lat=15&lon=-92.5&timestamp=${START_S}`);
    const unknownJson = await setup.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      payload: { device_id: 'not-a-device', location: { timestamp: iso(START_MS), coords: { latitude: 15, longitude: -92.5 } } },
    });

    for (const response of [unknown, missing, unknownJson]) {
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    expect(errorOf(unknown).message).toBe('unknown or revoked device id');
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('answers 401 to a revoked reporter’s device at once, and takes it again when restored', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    await setRevoked(setup.app, reporter.id, true);

    const refused = await get(`id=${deviceId}&lat=15&lon=-92.5&timestamp=${START_S}`);
    expect(refused.statusCode).toBe(401);
    expect(await listReports(setup.app, caravanId)).toEqual([]);

    await setRevoked(setup.app, reporter.id, false);
    expect((await get(`id=${deviceId}&lat=15&lon=-92.5&timestamp=${START_S}`)).statusCode).toBe(200);
    await onlyReport(caravanId);
  });

  it('answers 503 with Retry-After (the app keeps the fix) while no caravan is current, then stores the resent fix', async () => {
    const first = await createCaravan(setup.app);
    const second = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [first, second]);
    const query = `id=${reporter.deviceId}&lat=15&lon=-92.5&timestamp=${START_S}`;

    const undecided = await get(query);
    expect(undecided.statusCode).toBe(503);
    expect(undecided.headers['retry-after']).toBe('300');
    expect(errorOf(undecided).code).toBe('no_current_caravan');
    expect(errorOf(undecided).message).toContain('currentCaravanId');
    expect(errorOf(undecided).message).toContain('The phone keeps this fix and sends it again.');
    const metrics = await setup.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/rumbo_phone_fixes_held_total\{protocol="osmand",reason="no_current_caravan"\} [1-9]/);

    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${reporter.id}`,
      headers: adminHeaders,
      payload: { currentCaravanId: second },
    });
    expect((await get(query)).statusCode).toBe(200);
    expect(await listReports(setup.app, first)).toEqual([]);
    await onlyReport(second);
  });

  it('takes Traccar Client 10’s heartbeat (no lat or lon) with 200, stores no fix, and shows the phone alive', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    // traccar-client-sdk's HttpUploader: a form POST; a heartbeat Position has only time and battery.
    const before = Date.now();
    const heartbeat = await setup.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      headers: FORM,
      payload: `id=${deviceId}&timestamp=${START_S}&batt=54&charge=false`,
    });

    expect(heartbeat.statusCode).toBe(200);
    expect(heartbeat.body).toBe('');
    expect(await listReports(setup.app, caravanId)).toEqual([]);
    const listed = await reporterListed(reporter.id);
    expect(Date.parse(listed.lastHeartbeatAt!)).toBeGreaterThanOrEqual(before);
    expect(listed.lastPhoneFixAt).toBeNull();
    const metrics = await setup.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/rumbo_phone_heartbeats_total\{protocol="osmand"\} [1-9]/);

    expect((await get(`id=${deviceId}&lat=15&lon=-92.5&timestamp=${START_S}`)).statusCode).toBe(200);
    const afterFix = await reporterListed(reporter.id);
    expect(Date.parse(afterFix.lastPhoneFixAt!)).toBeGreaterThanOrEqual(Date.parse(listed.lastHeartbeatAt!));
    expect(afterFix.lastHeartbeatAt).toBe(listed.lastHeartbeatAt);
  });

  it('takes a heartbeat even from a reporter with no current caravan, and never from a revoked one', async () => {
    const reporter = await createReporter(setup.app, [await createCaravan(setup.app), await createCaravan(setup.app)]);
    expect((await get(`id=${reporter.deviceId}&timestamp=${START_S}`)).statusCode).toBe(200);
    await setRevoked(setup.app, reporter.id, true);
    expect((await get(`id=${reporter.deviceId}&timestamp=${START_S}`)).statusCode).toBe(401);
  });

  it('times a fix from a reset phone clock (before 2000) at its arrival instead of refusing it', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    const before = Date.now();
    // Traccar Client for Android's own ProtocolFormatterTest: a position whose time is 1989.
    expect((await get(`id=${deviceId}&timestamp=619315200&lat=15&lon=-92.5`)).statusCode).toBe(200);
    const report = await onlyReport(caravanId);
    expect(Date.parse(report.recordedAt)).toBeGreaterThanOrEqual(before);
  });

  it('times a fix sent without a timestamp at its arrival, as Traccar’s server does', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    const before = Date.now();
    expect((await get(`id=${deviceId}&lat=15&lon=-92.5`)).statusCode).toBe(200);
    const report = await onlyReport(caravanId);
    expect(Date.parse(report.recordedAt)).toBeGreaterThanOrEqual(before);
    expect(report.recordedAt).toBe(report.receivedAt);
  });

  it('pushes a phone fix to a newsroom socket watching the caravan', async () => {
    const { caravanId, reporter, deviceId } = await reporterOnCaravan();
    const socket = await connectNewsroom(setup.baseUrl, ADMIN_TOKEN);
    sockets.push(socket);
    const joined = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId });
    expect(joined).not.toHaveProperty('error');
    const pushed = nextEvent(socket, 'report:new');

    expect((await get(`id=${deviceId}&lat=15.5&lon=-92.6&timestamp=${START_MS}&hdop=6`)).statusCode).toBe(200);

    const { caravanId: pushedCaravan, report } = await pushed;
    expect(pushedCaravan).toBe(caravanId);
    expect(report).toMatchObject({ reporterId: reporter.id, source: 'osmand', lat: 15.5, lng: -92.6, accuracyM: 6 });
    expect(await listReports(setup.app, caravanId)).toEqual([report]);
  });

  it('refuses a form body larger than a fix needs with 413, and leaves our JSON API without form bodies', async () => {
    const { caravanId, deviceId } = await reporterOnCaravan();
    const padding = 'x'.repeat(20 * 1024);
    const huge = await setup.app.inject({
      method: 'POST',
      url: '/ingest/osmand',
      headers: FORM,
      payload: `id=${deviceId}&lat=15&lon=-92.5&timestamp=${START_S}&note=${padding}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(await listReports(setup.app, caravanId)).toEqual([]);

    const formToApi = await setup.app.inject({
      method: 'POST',
      url: `/api/v1/caravans/${caravanId}/reports`,
      headers: { ...adminHeaders, ...FORM },
      payload: `lat=15&lng=-92.5&recordedAt=${START_MS}`,
    });
    expect(formToApi.statusCode).toBe(415);
  });
});
