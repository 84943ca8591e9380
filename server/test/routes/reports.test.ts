import { LIMITS, type AccountCreated, type CaravanSummary, type IngestResult, type ReportInput } from '@rumbo/shared';
import { reportMetrics } from '@rumbo/shared/geo';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/app';
import {
  ADMIN_TOKEN,
  HOUR_MS,
  adminHeaders,
  createCaravan,
  iso,
  listReports,
  newCaravanId,
  postReports,
  shuffled,
  stores,
  walk,
} from '../helper';
import { useTestApp } from '../use-test-app';

const START_MS = Date.UTC(2024, 0, 12, 14);
const AT_TAPACHULA = { lng: -92.2633, lat: 14.9056, recordedAt: iso(START_MS) };

describe.each(stores)('reports routes on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  const summaryOf = async (caravanId: string) =>
    (
      await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders })
    ).json<CaravanSummary>();

  describe('POST one report', () => {
    it('stores the report with what ingest adds, answers 201, and lists it', async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { id: 'fix-1', ...AT_TAPACHULA, accuracyM: 12, headcount: 3_000 });

      expect(response.statusCode).toBe(201);
      const result = response.json<IngestResult>();
      expect(result.rejected).toEqual([]);
      expect(result.accepted).toHaveLength(1);
      const { id, duplicate, report } = result.accepted[0]!;
      expect({ id, duplicate }).toEqual({ id: 'fix-1', duplicate: false });
      expect(report).toMatchObject({
        id: 'fix-1',
        caravanId,
        reporterId: 'admin',
        lng: AT_TAPACHULA.lng,
        lat: AT_TAPACHULA.lat,
        recordedAt: AT_TAPACHULA.recordedAt,
        accuracyM: 12,
        headcount: 3_000,
        source: 'api',
        hidden: false,
        // A fix from 2024 posted now: noted as arrived late, and still on the track.
        flags: ['clock_behind'],
        metrics: reportMetrics([AT_TAPACHULA.lng, AT_TAPACHULA.lat]),
      });
      expect(Date.now() - Date.parse(report!.receivedAt)).toBeLessThan(60_000);
      expect(await listReports(setup.app, caravanId)).toEqual([report]);
    });

    it('counts a report re-sent with the same id once: 200, duplicate, the first version kept', async () => {
      const caravanId = await createCaravan(setup.app);
      const first = await postReports(setup.app, caravanId, { id: 'again', ...AT_TAPACHULA, note: 'first send' });
      const resent = await postReports(setup.app, caravanId, { id: 'again', ...AT_TAPACHULA, note: 'edited on the phone' });

      expect(first.statusCode).toBe(201);
      expect(resent.statusCode).toBe(200);
      const stored = first.json<IngestResult>().accepted[0]!.report!;
      expect(resent.json<IngestResult>().accepted).toEqual([{ id: 'again', duplicate: true, report: stored }]);
      expect(await listReports(setup.app, caravanId)).toEqual([stored]);
      expect((await summaryOf(caravanId)).reportCount).toBe(1);
    });

    it('accepts a fix time in epoch milliseconds and stores it as ISO 8601', async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, recordedAt: START_MS });
      expect(response.statusCode).toBe(201);
      expect(response.json<IngestResult>().accepted[0]!.report!.recordedAt).toBe(iso(START_MS));
    });

    it('deduplicates reports without an id: same reporter, fix time and position are one report', async () => {
      const caravanId = await createCaravan(setup.app);
      const first = await postReports(setup.app, caravanId, AT_TAPACHULA);
      // The same fix again, its time written as epoch milliseconds this time.
      const again = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, recordedAt: START_MS });
      const elsewhere = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, lat: 14.95 });

      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      const firstAccepted = first.json<IngestResult>().accepted[0]!;
      expect(again.json<IngestResult>().accepted[0]).toEqual({ ...firstAccepted, duplicate: true });
      expect(elsewhere.statusCode).toBe(201);
      expect(elsewhere.json<IngestResult>().accepted[0]!.id).not.toBe(firstAccepted.id);
      expect(await listReports(setup.app, caravanId)).toHaveLength(2);
    });

    it('lists reports that arrive out of order by fix time, and takes latest by fix time', async () => {
      const caravanId = await createCaravan(setup.app);
      const inputs = walk(8, START_MS);
      for (const input of shuffled(inputs, 4)) expect((await postReports(setup.app, caravanId, input)).statusCode).toBe(201);

      expect((await listReports(setup.app, caravanId)).map((report) => report.id)).toEqual(inputs.map((input) => input.id));
      const summary = await summaryOf(caravanId);
      expect(summary.latest!.id).toBe(inputs.at(-1)!.id);
      expect(summary.reportCount).toBe(8);
    });
  });

  describe('a duplicate of someone else’s report', () => {
    // A's report carries things only staff and A may read: its exact position, its note, A's id.
    const SECRET = { lng: -92.123457, lat: 15.654321, note: 'escondidos en la bodega', recordedAt: iso(START_MS) };
    const bytesOfSecret = ['92.123457', '15.654321', 'escondidos'];
    const createReporter = async (caravanId: string, name: string) =>
      (
        await setup.app.inject({
          method: 'POST',
          url: '/api/v1/reporters',
          headers: adminHeaders,
          payload: { name, caravans: [caravanId] },
        })
      ).json<AccountCreated>();
    const bearer = (account: AccountCreated) => ({ authorization: `Bearer ${account.token}` });

    async function reportOfA() {
      const caravanId = await createCaravan(setup.app);
      const [a, b] = [await createReporter(caravanId, 'A'), await createReporter(caravanId, 'B')];
      const posted = await postReports(setup.app, caravanId, { id: 'from-a', ...SECRET }, bearer(a));
      expect(posted.statusCode).toBe(201);
      return { caravanId, a, b, stored: posted.json<IngestResult>().accepted[0]!.report! };
    }

    it('tells another reporter only "duplicate": no position, note or reporter of the original in any byte', async () => {
      const { caravanId, a, b } = await reportOfA();
      const single = await postReports(
        setup.app,
        caravanId,
        { id: 'from-a', lng: -92.3, lat: 14.9, recordedAt: iso(START_MS) },
        bearer(b),
      );
      const batch = await postReports(
        setup.app,
        caravanId,
        { reports: [{ id: 'from-a', lng: -92.3, lat: 14.9, recordedAt: iso(START_MS) }] },
        bearer(b),
      );
      for (const response of [single, batch]) {
        expect(response.statusCode).toBe(200);
        expect(response.json<IngestResult>()).toEqual({ accepted: [{ id: 'from-a', duplicate: true }], rejected: [] });
        for (const secret of [...bytesOfSecret, a.id]) expect(response.body).not.toContain(secret);
      }
    });

    it('still shows the stored report to the reporter who posted it and to staff', async () => {
      const { caravanId, a, stored } = await reportOfA();
      const resend = { id: 'from-a', lng: -92.3, lat: 14.9, recordedAt: iso(START_MS) };
      for (const headers of [bearer(a), adminHeaders]) {
        const again = await postReports(setup.app, caravanId, resend, headers);
        expect(again.statusCode).toBe(200);
        expect(again.json<IngestResult>().accepted).toEqual([{ id: 'from-a', duplicate: true, report: stored }]);
      }
    });
  });

  describe('POST a batch', () => {
    it('accepts the good items, rejects the bad one by index naming the field, and stores nothing invalid', async () => {
      const caravanId = await createCaravan(setup.app);
      const [a, b, c] = walk(3, START_MS);
      const response = await postReports(setup.app, caravanId, { reports: [a, { ...b, lat: 95 }, c] });

      expect(response.statusCode).toBe(201);
      const result = response.json<IngestResult>();
      expect(result.accepted.map((accepted) => [accepted.id, accepted.duplicate])).toEqual([
        [a!.id, false],
        [c!.id, false],
      ]);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0]!.index).toBe(1);
      expect(result.rejected[0]!.error.code).toBe('invalid_report');
      expect(result.rejected[0]!.error.message).toMatch(/^lat: /);
      expect((await listReports(setup.app, caravanId)).map((report) => report.id)).toEqual([a!.id, c!.id]);
    });

    it('answers 201 when part of a batch is new and marks each item new or duplicate', async () => {
      const caravanId = await createCaravan(setup.app);
      const [a, b] = walk(2, START_MS);
      await postReports(setup.app, caravanId, a);
      const response = await postReports(setup.app, caravanId, { reports: [a, b, b] });
      expect(response.statusCode).toBe(201);
      expect(response.json<IngestResult>().accepted.map((accepted) => [accepted.id, accepted.duplicate])).toEqual([
        [a!.id, true],
        [b!.id, false],
        [b!.id, true],
      ]);
      expect(await listReports(setup.app, caravanId)).toHaveLength(2);
    });

    it('answers 200 for a batch of nothing but duplicates', async () => {
      const caravanId = await createCaravan(setup.app);
      const batch = { reports: walk(3, START_MS) };
      expect((await postReports(setup.app, caravanId, batch)).statusCode).toBe(201);
      const again = await postReports(setup.app, caravanId, batch);
      expect(again.statusCode).toBe(200);
      expect(again.json<IngestResult>().accepted.every((accepted) => accepted.duplicate)).toBe(true);
    });

    it(`refuses a batch of more than ${LIMITS.batchReports} reports with 413 and stores none of it`, async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { reports: walk(LIMITS.batchReports + 1, START_MS, 60_000) });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('batch_too_large');
      expect(await listReports(setup.app, caravanId)).toEqual([]);
    });

    it(`accepts a batch of exactly ${LIMITS.batchReports}`, async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { reports: walk(LIMITS.batchReports, START_MS, 60_000) });
      expect(response.statusCode).toBe(201);
      expect(response.json<IngestResult>().accepted).toHaveLength(LIMITS.batchReports);
      expect((await summaryOf(caravanId)).reportCount).toBe(LIMITS.batchReports);
    });
  });

  describe('refusals', () => {
    const invalidReports: Array<[string, string, string]> = [
      ['a latitude of 95', JSON.stringify({ ...AT_TAPACHULA, lat: 95 }), 'lat'],
      ['a missing recordedAt', JSON.stringify({ lng: AT_TAPACHULA.lng, lat: AT_TAPACHULA.lat }), 'recordedAt'],
      ['an unknown field', JSON.stringify({ ...AT_TAPACHULA, batteryPct: 80 }), 'batteryPct'],
      ['a wrong type', JSON.stringify({ ...AT_TAPACHULA, lng: 'west' }), 'lng'],
      ['a note of 501 characters', JSON.stringify({ ...AT_TAPACHULA, note: 'n'.repeat(LIMITS.noteChars + 1) }), 'note'],
      ['a fix time in 1970', JSON.stringify({ ...AT_TAPACHULA, recordedAt: '1970-01-01T00:00:00Z' }), 'recordedAt'],
      ['a fix time of epoch 0', JSON.stringify({ ...AT_TAPACHULA, recordedAt: 0 }), 'recordedAt'],
      [
        'a fix time two years ahead',
        JSON.stringify({ ...AT_TAPACHULA, recordedAt: iso(Date.now() + 2 * 365 * 86_400_000) }),
        'recordedAt',
      ],
      ['a time without a zone', JSON.stringify({ ...AT_TAPACHULA, recordedAt: '2024-01-12T14:00:00' }), 'recordedAt'],
      ['a bad id', JSON.stringify({ ...AT_TAPACHULA, id: 'has spaces' }), 'id'],
      // Written as raw JSON: in a JavaScript object literal `__proto__` would set the prototype instead.
      ['a __proto__ key', `{"__proto__":{"hidden":true},${JSON.stringify(AT_TAPACHULA).slice(1)}`, '__proto__'],
      [
        'a nested __proto__ key',
        `{"reports":[{"__proto__":{"hidden":true},${JSON.stringify(AT_TAPACHULA).slice(1)}]}`,
        'reports.0.__proto__',
      ],
      ['a constructor key', JSON.stringify({ ...AT_TAPACHULA, constructor: { prototype: { hidden: true } } }), 'constructor'],
    ];

    it.each(invalidReports)('refuses %s with 400 naming the field, and stores nothing', async (_label, body, field) => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, body, { ...adminHeaders, 'content-type': 'application/json' });

      expect(response.statusCode).toBe(400);
      const { error } = response.json<{ error: { code: string; message: string; details: Array<{ field: string }> } }>();
      expect(error.message.startsWith(`${field}: `)).toBe(true);
      expect(error.details.map((detail) => detail.field)).toContain(field);
      expect(await listReports(setup.app, caravanId)).toEqual([]);
      expect(({} as Record<string, unknown>).hidden).toBeUndefined();
    });

    it.each([
      ['__proto__', `{"\\u005f\\u005fproto__":{"hidden":true},${JSON.stringify(AT_TAPACHULA).slice(1)}`],
      ['reports.0.constructor', `{"reports":[{"\\u0063onstructor":{},${JSON.stringify(AT_TAPACHULA).slice(1)}]}`],
    ])('refuses %s spelled in escapes as a polluting key (the text never says it)', async (field, body) => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, body, { ...adminHeaders, 'content-type': 'application/json' });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { details: unknown[] } }>().error.details).toEqual([
        expect.objectContaining({ field, rule: 'unsafeKey' }),
      ]);
      expect(await listReports(setup.app, caravanId)).toEqual([]);
    });

    it('refuses a body nested deeper than the call stack with a 400, not a 500', async () => {
      const caravanId = await createCaravan(setup.app);
      const depth = 100_000;
      const body = `{"reports":[${'['.repeat(depth)}${']'.repeat(depth)}]}`;
      const response = await postReports(setup.app, caravanId, body, { ...adminHeaders, 'content-type': 'application/json' });
      expect(response.statusCode).toBe(200);
      expect(response.json<IngestResult>().rejected[0]!.error.message).toMatch(/must be object/);
      const single = `{"lng":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      expect(
        (await postReports(setup.app, caravanId, single, { ...adminHeaders, 'content-type': 'application/json' })).statusCode,
      ).toBe(400);
      expect(await listReports(setup.app, caravanId)).toEqual([]);
    });

    it('refuses a body over the size limit with 413', async () => {
      const caravanId = await createCaravan(setup.app);
      const body = JSON.stringify({ ...AT_TAPACHULA, note: 'x'.repeat(BODY_LIMIT_BYTES) });
      const response = await postReports(setup.app, caravanId, body, { ...adminHeaders, 'content-type': 'application/json' });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('body_too_large');
      expect(await listReports(setup.app, caravanId)).toEqual([]);
    });

    it('refuses a body that is not JSON with 415, and broken JSON with 400', async () => {
      const caravanId = await createCaravan(setup.app);
      const asText = await postReports(setup.app, caravanId, 'lat=14.9', { ...adminHeaders, 'content-type': 'text/csv' });
      expect(asText.statusCode).toBe(415);
      const broken = await postReports(setup.app, caravanId, '{"lat": 14.9,', {
        ...adminHeaders,
        'content-type': 'application/json',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.code).toBe('invalid_json');
    });

    it('refuses a post without a token, or with a wrong one, with 401 and stores nothing', async () => {
      const caravanId = await createCaravan(setup.app);
      const anonymous = await postReports(setup.app, caravanId, AT_TAPACHULA, {});
      const wrong = await postReports(setup.app, caravanId, AT_TAPACHULA, { authorization: `Bearer ${ADMIN_TOKEN}x` });
      const notBearer = await postReports(setup.app, caravanId, AT_TAPACHULA, { authorization: ADMIN_TOKEN });
      for (const response of [anonymous, wrong, notBearer]) {
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('unauthorized');
      }
      expect(await listReports(setup.app, caravanId)).toEqual([]);
    });

    it('answers 404 for an unknown caravan and 400 for a caravan id that is no slug', async () => {
      const unknown = await postReports(setup.app, newCaravanId(), AT_TAPACHULA);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
      const badId = await postReports(setup.app, 'Not_A_Slug', AT_TAPACHULA);
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.message).toMatch(/^caravanId: /);
    });
  });

  describe('flags', () => {
    it('flags a fix 10 minutes in the future clock_skew, stores it, and keeps it out of latest', async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, recordedAt: iso(Date.now() + 10 * 60_000) });
      expect(response.statusCode).toBe(201);
      expect(response.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['clock_skew']);
      const summary = await summaryOf(caravanId);
      expect(summary.reportCount).toBe(1);
      expect(summary.latest).toBeNull();
    });

    it('notes clock_behind on a fix taken more than the caravan’s delay before it arrived, not on a fresh one', async () => {
      const caravanId = await createCaravan(setup.app, { public: { delayMinutes: 60 } });
      const late = await postReports(setup.app, caravanId, {
        ...AT_TAPACHULA,
        id: 'late',
        recordedAt: iso(Date.now() - 61 * 60_000),
      });
      const fresh = await postReports(setup.app, caravanId, {
        ...AT_TAPACHULA,
        id: 'fresh',
        recordedAt: iso(Date.now() - 50 * 60_000),
      });
      expect(late.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['clock_behind']);
      expect(fresh.json<IngestResult>().accepted[0]!.report!.flags).toEqual([]);
    });

    it('does not flag a fix 2 minutes ahead (within the allowed skew)', async () => {
      const caravanId = await createCaravan(setup.app);
      const response = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, recordedAt: iso(Date.now() + 2 * 60_000) });
      expect(response.json<IngestResult>().accepted[0]!.report!.flags).toEqual([]);
    });

    it('flags accuracy of 2,000 m low_accuracy, but not 50 m', async () => {
      const caravanId = await createCaravan(setup.app);
      const coarse = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'coarse', accuracyM: 2_000 });
      const fine = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'fine', accuracyM: 50 });
      // Both were taken long before they arrived (clock_behind notes it; only low_accuracy doubts).
      expect(coarse.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['low_accuracy', 'clock_behind']);
      expect(fine.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['clock_behind']);
      expect((await summaryOf(caravanId)).latest!.id).toBe('fine');
    });
    it('flags a jump of 40 km in 10 minutes implausible_speed, keeps it, and leaves latest and traveled alone', async () => {
      const caravanId = await createCaravan(setup.app);
      await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'start' });
      const jump = await postReports(setup.app, caravanId, {
        id: 'jump',
        lng: -92.2633,
        lat: 15.2673,
        recordedAt: iso(START_MS + 10 * 60_000),
      });
      expect(jump.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['implausible_speed', 'clock_behind']);
      // Back where the walk goes, 10 minutes after the jump: the jump is the fix that cannot be right.
      const walked = await postReports(setup.app, caravanId, {
        id: 'walked',
        lng: -92.2633,
        lat: 14.9416,
        recordedAt: iso(START_MS + 20 * 60_000),
      });
      expect(walked.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['clock_behind']);
      const summary = await summaryOf(caravanId);
      expect(summary.reportCount).toBe(3);
      expect(summary.latest!.id).toBe('walked');
      expect(summary.metrics.traveledKm).toBeCloseTo(3.98, 1);
    });

    it('judges speed among the fixes around it in time, whatever order they arrive in', async () => {
      const caravanId = await createCaravan(setup.app, {});
      await postReports(setup.app, caravanId, {
        id: 'later',
        lng: -92.2633,
        lat: 14.9416,
        recordedAt: iso(START_MS + 60 * 60_000),
      });
      const earlier = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'earlier' });
      expect(earlier.json<IngestResult>().accepted[0]!.report!.flags).toEqual(['clock_behind']);
    });
  });

  describe('route', () => {
    it('states the route left from the latest fix when the caravan has a planned route', async () => {
      const caravanId = await createCaravan(setup.app, {
        route: {
          type: 'LineString',
          coordinates: [
            [-92.2633, 14.9056],
            [-93.752, 16.089],
            [-96.7266, 17.0732],
          ],
        },
      });
      expect((await summaryOf(caravanId)).metrics.routeRemainingKm).toBeNull();
      await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'origin' });
      const remaining = (await summaryOf(caravanId)).metrics.routeRemainingKm!;
      expect(remaining).toBeGreaterThan(520);
      expect(remaining).toBeLessThan(560);
    });
  });

  describe('GET the list', () => {
    let caravanId: string;
    let inputs: ReportInput[];
    const ids = (from: number, to: number) => inputs.slice(from, to).map((input) => input.id);

    beforeAll(async () => {
      caravanId = await createCaravan(setup.app);
      inputs = walk(10, START_MS);
      await postReports(setup.app, caravanId, { reports: shuffled(inputs, 8) });
    });

    it('bounds the list by since and until (ISO or epoch ms, inclusive) and limit', async () => {
      const at = (hours: number) => iso(START_MS + hours * HOUR_MS);
      const listed = async (query: string) => (await listReports(setup.app, caravanId, query)).map((report) => report.id);
      expect(await listed('')).toEqual(ids(0, 10));
      expect(await listed(`?since=${at(4)}`)).toEqual(ids(4, 10));
      expect(await listed(`?since=${START_MS + 4 * HOUR_MS}`)).toEqual(ids(4, 10));
      expect(await listed(`?until=${at(2)}`)).toEqual(ids(0, 3));
      expect(await listed(`?since=${at(3)}&until=${START_MS + 6 * HOUR_MS}`)).toEqual(ids(3, 7));
      expect(await listed(`?since=${at(1)}&limit=2`)).toEqual(ids(1, 3));
      expect(await listed(`?limit=${LIMITS.listMax}`)).toEqual(ids(0, 10));
    });

    it.each([['limit=0'], ['limit=abc'], [`limit=${LIMITS.listMax + 1}`], ['limit=2.5'], ['since=yesterday'], ['order=desc']])(
      'answers 400 for ?%s, naming the parameter',
      async (query) => {
        const response = await setup.app.inject({
          method: 'GET',
          url: `/api/v1/caravans/${caravanId}/reports?${query}`,
          headers: adminHeaders,
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().error.message.startsWith(`${query.split('=')[0]}: `)).toBe(true);
      },
    );

    it('answers 401 without a token and 404 for an unknown caravan', async () => {
      const anonymous = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports` });
      expect(anonymous.statusCode).toBe(401);
      const unknown = await setup.app.inject({
        method: 'GET',
        url: `/api/v1/caravans/${newCaravanId()}/reports`,
        headers: adminHeaders,
      });
      expect(unknown.statusCode).toBe(404);
    });
  });
});
