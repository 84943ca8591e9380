import type { AccountCreated, ErrorBody } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, iso, listReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';
import { createReporter, setRevoked } from './phone-app-helper';

const TST = Date.UTC(2024, 0, 12, 15) / 1000;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A location message as OwnTracks for Android 2.5 posts it in HTTP mode, extra fields and all. */
const locationMessage = (overrides: Record<string, unknown> = {}) => ({
  _type: 'location',
  _id: '3f1c2a9b',
  BSSID: 'b0:be:76:aa:bb:cc',
  SSID: 'Parroquia',
  acc: 9,
  alt: 130,
  batt: 81,
  bs: 1,
  cog: 355,
  conn: 'm',
  created_at: TST + 2,
  inregions: ['Huixtla'],
  lat: 15.1406,
  lon: -92.4653,
  m: 1,
  t: 'u',
  tid: 'an',
  topic: 'owntracks/ana/pixel',
  tst: TST,
  vac: 3,
  vel: 4,
  ...overrides,
});

describe.each(stores)('OwnTracks on /ingest/owntracks, %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  async function reporterOnCaravan(): Promise<{ caravanId: string; reporter: AccountCreated }> {
    const caravanId = await createCaravan(setup.app);
    return { caravanId, reporter: await createReporter(setup.app, [caravanId]) };
  }

  const post = (payload: unknown, authorization?: string) =>
    setup.app.inject({
      method: 'POST',
      url: '/ingest/owntracks',
      // OwnTracks also names the user and device in X-Limit-U / X-Limit-D; they are not credentials.
      headers: { 'x-limit-u': 'ana', 'x-limit-d': 'pixel', ...(authorization ? { authorization } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const as = (reporter: AccountCreated) => basic(reporter.id, reporter.token);
  const errorOf = (response: { json<T>(): T }) => response.json<ErrorBody>().error;

  it('stores a location (tst seconds, vel km/h, acc, alt, cog), ignores the other fields, answers []', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();

    const response = await post(locationMessage(), as(reporter));

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual([]);
    const reports = await listReports(setup.app, caravanId);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      caravanId,
      reporterId: reporter.id,
      source: 'owntracks',
      lat: 15.1406,
      lng: -92.4653,
      recordedAt: iso(TST * 1000),
      speedKmh: 4,
      accuracyM: 9,
      altitudeM: 130,
      headingDeg: 355,
    });
    expect(reports[0]).not.toHaveProperty('batt');
    expect(reports[0]).not.toHaveProperty('tid');
  });

  it('answers [] to transition, lwt, waypoint and the other message types, storing nothing', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    const messages = [
      {
        _type: 'transition',
        event: 'enter',
        desc: 'Huixtla',
        lat: 15.14,
        lon: -92.46,
        tst: TST,
        wtst: TST - 600,
        acc: 10,
        t: 'c',
        tid: 'an',
      },
      { _type: 'lwt', tst: TST },
      { _type: 'waypoint', desc: 'Albergue', lat: 15.14, lon: -92.46, rad: 50, tst: TST },
      { _type: 'waypoints', waypoints: [{ _type: 'waypoint', desc: 'Albergue', lat: 15.14, lon: -92.46, rad: 50, tst: TST }] },
      { _type: 'status', android: { hib: 1, bo: 1, loc: 0 } },
      { _type: 'encrypted', data: 'c2VjcmV0' },
      { _type: 'card', name: 'Ana', face: 'aGVsbG8=' },
    ];

    for (const message of messages) {
      const response = await post(message, as(reporter));
      expect(response.statusCode, message._type).toBe(200);
      expect(response.json()).toEqual([]);
    }
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('stores the same location sent twice once', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();

    const [first, again] = [await post(locationMessage(), as(reporter)), await post(locationMessage(), as(reporter))];

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(await listReports(setup.app, caravanId)).toHaveLength(1);
  });

  it('answers 401 with a Basic challenge to missing or wrong credentials, and stores nothing', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    const other = await createReporter(setup.app, [caravanId]);
    const staff = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/staff',
        headers: adminHeaders,
        payload: { name: 'Desk', role: 'editor' },
      })
    ).json<AccountCreated>();

    const attempts = [
      await post(locationMessage()),
      await post(locationMessage(), basic(reporter.id, `${reporter.token}x`)),
      await post(locationMessage(), basic(reporter.id, other.token)),
      await post(locationMessage(), basic(staff.id, staff.token)),
      await post(locationMessage(), basic('rep-0000000000', reporter.token)),
      await post(locationMessage(), `Bearer ${reporter.token}`),
    ];

    for (const response of attempts) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="rumbo"');
      expect(errorOf(response).code).toBe('unauthorized');
    }
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('answers 401 to a revoked reporter, even for messages it would not store', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    await setRevoked(setup.app, reporter.id, true);

    expect((await post(locationMessage(), as(reporter))).statusCode).toBe(401);
    expect((await post({ _type: 'lwt', tst: TST }, as(reporter))).statusCode).toBe(401);
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('refuses invalid locations with a 400 naming the OwnTracks field, and stores none', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    const cases: Array<[payload: unknown, message: string | RegExp]> = [
      [locationMessage({ lat: 95 }), 'lat: must be <= 90'],
      [locationMessage({ lon: '-92.4' }), 'lon: must be a number'],
      [locationMessage({ tst: undefined }), 'tst: is required'],
      [locationMessage({ acc: -5 }), 'acc: must be >= 0'],
      [{ lat: 15, lon: -92, tst: TST }, '_type: is required (send an OwnTracks JSON message)'],
    ];

    for (const [payload, message] of cases) {
      const response = await post(payload, as(reporter));
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).message).toMatch(message);
    }
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('times a location from a reset phone clock (tst 0) at its arrival instead of refusing it', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    const before = Date.now();
    expect((await post(locationMessage({ tst: 0 }), as(reporter))).statusCode).toBe(200);
    const [report] = await listReports(setup.app, caravanId);
    expect(Date.parse(report!.recordedAt)).toBeGreaterThanOrEqual(before);
  });

  it('leaves out an unknown (negative) velocity and course instead of refusing the fix', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();

    expect((await post(locationMessage({ vel: -1, cog: -1 }), as(reporter))).statusCode).toBe(200);

    const [report] = await listReports(setup.app, caravanId);
    expect(report).toMatchObject({ lat: 15.1406, accuracyM: 9 });
    expect(report).not.toHaveProperty('speedKmh');
    expect(report).not.toHaveProperty('headingDeg');
  });

  it('answers 503 with Retry-After (iOS keeps it; it deletes on 4xx) while no caravan is current, then stores it', async () => {
    const first = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [first, await createCaravan(setup.app)]);

    const response = await post(locationMessage(), as(reporter));

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('300');
    expect(errorOf(response).code).toBe('no_current_caravan');
    expect(errorOf(response).message).toContain('currentCaravanId');
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${reporter.id}`,
      headers: adminHeaders,
      payload: { currentCaravanId: first },
    });
    expect((await post(locationMessage(), as(reporter))).statusCode).toBe(200);
    expect(await listReports(setup.app, first)).toHaveLength(1);
  });

  it('answers [] to the empty POST sent when a friend is removed, whatever its Content-Type', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    for (const headers of [{ 'content-type': 'application/json' }, {}, { 'content-type': 'text/plain' }]) {
      const response = await setup.app.inject({
        method: 'POST',
        url: '/ingest/owntracks',
        headers: { ...headers, authorization: as(reporter) },
        payload: '',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([]);
    }
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });

  it('reads the JSON of the booklet’s test script, which curl labels application/x-www-form-urlencoded', async () => {
    const { caravanId, reporter } = await reporterOnCaravan();
    const response = await setup.app.inject({
      method: 'POST',
      url: '/ingest/owntracks?u=jane&d=phone',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: as(reporter) },
      payload: JSON.stringify({ _type: 'location', t: 'u', batt: 11, lat: 14.9056, lon: -92.2633, tid: 'JJ', tst: TST }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    expect(await listReports(setup.app, caravanId)).toMatchObject([{ lat: 14.9056, lng: -92.2633 }]);
  });

  it('still refuses a body that is not JSON, and a key that could pollute prototypes, with a 400', async () => {
    const { reporter } = await reporterOnCaravan();
    const send = (payload: string) =>
      setup.app.inject({
        method: 'POST',
        url: '/ingest/owntracks',
        headers: { 'content-type': 'application/json', authorization: as(reporter) },
        payload,
      });
    expect((await send('{"_type":')).statusCode).toBe(400);
    const polluting = await send('{"_type":"location","__proto__":{"x":1}}');
    expect(polluting.statusCode).toBe(400);
    expect(errorOf(polluting).details).toEqual([expect.objectContaining({ field: '__proto__', rule: 'unsafeKey' })]);
  });
});
