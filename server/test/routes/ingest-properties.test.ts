import type { AccountCreated } from '@rumbo/shared';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, listReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';
import { createReporter } from './phone-app-helper';

const RUNS = 250;

/** A value of the wrong JSON type for any field, or a string no date parser takes. */
const wrongType = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const outOfRange = (min: number, max: number) =>
  fc.oneof(fc.double({ min: max + 1e-6, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: min - 1e-6, noNaN: true }));

const VALID_REPORT = { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z', accuracyM: 10 };
const REPORT_FIELDS = ['id', 'lng', 'lat', 'recordedAt', 'accuracyM', 'altitudeM', 'speedKmh', 'headingDeg', 'headcount', 'note'];

/** Report bodies that are wrong in one way each: a wrong type, a value out of range, a missing or unknown field, or no object at all. */
const badReport = fc.oneof(
  fc
    .record({ field: fc.constantFrom(...REPORT_FIELDS.filter((field) => field !== 'note' && field !== 'id')), value: wrongType })
    .map(({ field, value }) => ({
      ...VALID_REPORT,
      [field]: typeof value === 'string' && field === 'recordedAt' ? `not a date ${value}` : value,
    })),
  outOfRange(-90, 90).map((lat) => ({ ...VALID_REPORT, lat })),
  outOfRange(-180, 180).map((lng) => ({ ...VALID_REPORT, lng })),
  fc.integer({ min: 0, max: 946_684_799_999 }).map((recordedAt) => ({ ...VALID_REPORT, recordedAt })),
  fc.string({ minLength: 501, maxLength: 700 }).map((note) => ({ ...VALID_REPORT, note })),
  fc
    .string({ minLength: 1, maxLength: 80 })
    .filter((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    .map((id) => ({ ...VALID_REPORT, id })),
  fc
    .constantFrom('lng', 'lat', 'recordedAt')
    .map((missing) => Object.fromEntries(Object.entries(VALID_REPORT).filter(([key]) => key !== missing))),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((key) => !REPORT_FIELDS.includes(key) && key !== 'reports')
    .map((key) => ({ ...VALID_REPORT, [key]: 1 })),
  fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer())),
);

/** OsmAnd / Traccar query parameters that are wrong in one way each. */
const badOsmandParams = (deviceId: string) =>
  fc.oneof(
    fc
      .string({ maxLength: 10 })
      .filter((text) => text.trim() === '' || Number.isNaN(Number(text)))
      .map((lat) => ({ lat })),
    outOfRange(-90, 90).map((lat) => ({ lat: String(lat) })),
    outOfRange(-180, 180).map((lon) => ({ lon: String(lon) })),
    fc
      .string({ minLength: 1, maxLength: 10 })
      .filter((text) => Number.isNaN(Date.parse(text)) && Number.isNaN(Number(text)))
      .map((timestamp) => ({ timestamp })),
    // Without timestamp a fix is timed at its arrival, without both lat and lon it is a heartbeat.
    fc.constantFrom('lat', 'lon').map((missing) => ({ [missing]: undefined })),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((id) => id !== deviceId)
      .map((id) => ({ id })),
  );

/** OwnTracks location messages that are wrong in one way each. */
const badOwntracks = fc.oneof(
  fc.record({ field: fc.constantFrom('lat', 'lon', 'tst'), value: wrongType }).map(({ field, value }) => ({ [field]: value })),
  outOfRange(-90, 90).map((lat) => ({ lat })),
  fc.constantFrom('lat', 'lon', 'tst').map((missing) => ({ [missing]: undefined })),
);

function expectJsonClientError(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, response.body).toBeLessThan(500);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code.length).toBeGreaterThan(0);
  expect(error.message.length).toBeGreaterThan(0);
}

describe.each(stores)('malformed input to every ingest route on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  let caravanId: string;
  let reporter: AccountCreated;
  beforeAll(async () => {
    caravanId = await createCaravan(setup.app);
    reporter = await createReporter(setup.app, [caravanId]);
  });
  // Registered after useTestApp's, so it runs first (vitest runs afterAll hooks in reverse), on the open app.
  afterAll(async () => {
    // Whatever was thrown at it, nothing was stored.
    expect(await listReports(setup.app, caravanId, '?limit=10000')).toEqual([]);
  });

  it('POST /api/v1/caravans/:id/reports answers 4xx naming the problem, one report at a time', async () => {
    await fc.assert(
      fc.asyncProperty(badReport, async (body) => {
        const response = await setup.app.inject({
          method: 'POST',
          url: `/api/v1/caravans/${caravanId}/reports`,
          payload: JSON.stringify(body),
          headers: { ...adminHeaders, 'content-type': 'application/json' },
        });
        expectJsonClientError(response);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST … /reports rejects every bad item of a batch by index and stores none', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(badReport, { minLength: 1, maxLength: 20 }), async (reports) => {
        const response = await setup.app.inject({
          method: 'POST',
          url: `/api/v1/caravans/${caravanId}/reports`,
          headers: adminHeaders,
          payload: { reports },
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode < 300) {
          const result = response.json<{ accepted: unknown[]; rejected: { index: number; error: { message: string } }[] }>();
          expect(result.accepted).toEqual([]);
          expect(result.rejected.map((rejection) => rejection.index)).toEqual(reports.map((_, index) => index));
          for (const rejection of result.rejected) expect(rejection.error.message.length).toBeGreaterThan(0);
        } else expectJsonClientError(response);
      }),
      { numRuns: RUNS / 5 },
    );
  });

  it('GET|POST /ingest/osmand answers 4xx for bad parameters, as a query or a form body', async () => {
    const valid = { id: reporter.deviceId!, lat: '14.9056', lon: '-92.2633', timestamp: '1704114000' };
    await fc.assert(
      fc.asyncProperty(badOsmandParams(reporter.deviceId!), fc.boolean(), async (change, asForm) => {
        const params = new URLSearchParams(
          Object.entries({ ...valid, ...change }).filter((entry): entry is [string, string] => entry[1] !== undefined),
        );
        const response = asForm
          ? await setup.app.inject({
              method: 'POST',
              url: '/ingest/osmand',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              payload: params.toString(),
            })
          : await setup.app.inject({ method: 'GET', url: `/ingest/osmand?${params}` });
        expectJsonClientError(response);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /ingest/osmand answers 4xx for any malformed Traccar Client 9 JSON, 200 to a location without coordinates', async () => {
    const isObject = (value: unknown): value is Record<string, unknown> =>
      value !== null && typeof value === 'object' && !Array.isArray(value);
    const hasUnsafeKey = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(
        ([key, inner]) => ['__proto__', 'constructor', 'prototype'].includes(key) || hasUnsafeKey(inner),
      );
    /** A location object with no latitude or longitude is a heartbeat: a sign of life, nothing to refuse. */
    const isHeartbeat = (location: unknown) =>
      isObject(location) &&
      !(isObject(location.coords) && (location.coords.latitude != null || location.coords.longitude != null));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), badReport), async (location) => {
        const body = { device_id: reporter.deviceId, location };
        const response = await setup.app.inject({
          method: 'POST',
          url: '/ingest/osmand',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        // A key that could pollute prototypes is refused anywhere in a body, a heartbeat's too.
        if (isHeartbeat(location) && !hasUnsafeKey(location)) expect(response.statusCode).toBe(200);
        else expectJsonClientError(response);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /ingest/owntracks answers 4xx for bad location messages', async () => {
    const authorization = `Basic ${Buffer.from(`${reporter.id}:${reporter.token}`).toString('base64')}`;
    const valid = { _type: 'location', lat: 14.9056, lon: -92.2633, tst: 1_704_114_000, acc: 10 };
    await fc.assert(
      fc.asyncProperty(badOwntracks, async (change) => {
        const body = Object.fromEntries(Object.entries({ ...valid, ...change }).filter(([, value]) => value !== undefined));
        const response = await setup.app.inject({
          method: 'POST',
          url: '/ingest/owntracks',
          headers: { authorization, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expectJsonClientError(response);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/v1/caravans/:id/import answers 4xx for anything that is not a valid GPX file', async () => {
    const point = (lat: string, time: string) => `<trkpt lat="${lat}" lon="-92.2633"><time>${time}</time></trkpt>`;
    const badGpx = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 50 }).map((text) => `<gpx version="1.1"><trk><trkseg>${text}`),
      fc
        .string({ maxLength: 50 })
        .map((name) => `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x "${name.replace(/["<>&%]/g, '')}">]><gpx>&x;</gpx>`),
      fc.constantFrom('<kml></kml>', '{"type":"FeatureCollection"}', '<gpx version="1.1"></gpx><gpx/>'),
    );
    await fc.assert(
      fc.asyncProperty(
        badGpx,
        fc.constantFrom('application/gpx+xml', 'application/xml', 'text/xml'),
        async (body, contentType) => {
          const response = await setup.app.inject({
            method: 'POST',
            url: `/api/v1/caravans/${caravanId}/import`,
            headers: { ...adminHeaders, 'content-type': contentType },
            payload: body,
          });
          expectJsonClientError(response);
        },
      ),
      { numRuns: RUNS },
    );
    // A well-formed file whose every point is invalid imports nothing and says why, point by point.
    const allBad = `<gpx version="1.1"><trk><trkseg>${point('95', '2024-01-01T13:00:00Z')}${point('14.9', '1970-01-01T00:00:00Z')}</trkseg></trk></gpx>`;
    const response = await setup.app.inject({
      method: 'POST',
      url: `/api/v1/caravans/${caravanId}/import`,
      headers: { ...adminHeaders, 'content-type': 'application/gpx+xml' },
      payload: allBad,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ imported: 0, rejected: [{ index: 0 }, { index: 1 }] });
  });
});
