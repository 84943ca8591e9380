import type { Account, AccountCreated } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, listReports, stores } from '../helper';
import { createReporter } from '../routes/phone-app-helper';
import { useTestApp } from '../use-test-app';
import { DROPS_ON_ANY_ANSWER, RETRY_RULES, type PhoneApp } from './phone-retry-rules';
import { PHONE_SAMPLES, SAMPLE_WITHOUT_DEVICE_ID, type PhoneSample } from './phone-samples';

/**
 * Every real request a phone app sends (fixtures/phones), replayed against the whole app: what we
 * answer, what each app that sends it then does (phone-retry-rules.ts), and what is stored. A fix
 * leaves an app's queue only once it is stored: no sample loses a fix, wherever and whenever it
 * was taken (the samples come from California, Jakarta, Luxembourg, a 1970 clock...).
 */
describe.each(stores)('real phone requests replayed on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  const send = (sample: PhoneSample, reporter: AccountCreated) => setup.app.inject(sample.request(reporter));
  const reactions = (apps: PhoneApp[], status: number) => apps.map((app) => [app, RETRY_RULES[app](status)] as const);
  const listed = async (reporterId: string): Promise<Account> => {
    const response = await setup.app.inject({ method: 'GET', url: '/api/v1/reporters', headers: adminHeaders });
    return response.json<{ accounts: Account[] }>().accounts.find((account) => account.id === reporterId)!;
  };

  it.each(PHONE_SAMPLES.map((sample) => [sample.name, sample] as const))(
    '%s: every app that sends it sees it through (stored, or harmlessly ignored)',
    async (_name, sample) => {
      const caravanId = await createCaravan(setup.app);
      const reporter = await createReporter(setup.app, [caravanId]);

      const response = await send(sample, reporter);

      expect(response.statusCode, response.body).toBe(200);
      for (const [, reaction] of reactions(sample.apps, response.statusCode)) expect(reaction).toBe('deletes');
      const reports = await listReports(setup.app, caravanId);
      expect(reports).toHaveLength(sample.carries === 'fix' ? 1 : 0);
      const account = await listed(reporter.id);
      expect(account.lastHeartbeatAt !== null).toBe(sample.carries === 'heartbeat');
      expect(account.lastPhoneFixAt !== null).toBe(sample.carries === 'fix');
      if (sample.carries === 'fix') expect(reports[0]).toMatchObject({ reporterId: reporter.id, hidden: false });
    },
  );

  it.each(PHONE_SAMPLES.filter((sample) => sample.carries === 'fix').map((sample) => [sample.name, sample] as const))(
    '%s: kept by the app while its reporter has no current caravan, stored once an admin marks one',
    async (_name, sample) => {
      const first = await createCaravan(setup.app);
      const second = await createCaravan(setup.app);
      const reporter = await createReporter(setup.app, [first, second]);

      const held = await send(sample, reporter);

      expect(held.statusCode).toBe(503);
      expect(held.headers['retry-after']).toBe('300');
      for (const [app, reaction] of reactions(sample.apps, held.statusCode)) {
        expect(reaction).toBe(DROPS_ON_ANY_ANSWER.includes(app) ? 'deletes' : 'retries');
      }
      await setup.app.inject({
        method: 'PATCH',
        url: `/api/v1/reporters/${reporter.id}`,
        headers: adminHeaders,
        payload: { currentCaravanId: second },
      });
      const resent = await send(sample, reporter);
      expect(resent.statusCode).toBe(200);
      expect(await listReports(setup.app, second)).toHaveLength(1);
      expect(await listReports(setup.app, first)).toEqual([]);
    },
  );

  it('answers the sample without a device id 401 and stores nothing (Traccar refuses it too)', async () => {
    const response = await setup.app.inject({ method: 'GET', url: SAMPLE_WITHOUT_DEVICE_ID });
    expect(response.statusCode).toBe(401);
  });

  it('answers a revoked reporter’s samples 401: OwnTracks for iOS drops them, the other apps keep trying', async () => {
    const caravanId = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [caravanId]);
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${reporter.id}`,
      headers: adminHeaders,
      payload: { revoked: true },
    });
    const byApp = new Map<PhoneApp, string>();
    for (const sample of PHONE_SAMPLES.filter((each) => each.carries === 'fix')) {
      const response = await send(sample, reporter);
      expect(response.statusCode).toBe(401);
      for (const [app, reaction] of reactions(sample.apps, response.statusCode)) byApp.set(app, reaction);
    }
    expect(Object.fromEntries(byApp)).toEqual({
      'traccar-client-android-7': 'retries',
      'traccar-client-ios-7': 'deletes',
      'traccar-client-9': 'retries',
      'traccar-client-10': 'retries',
      osmand: 'retries',
      'owntracks-android': 'retries',
      'owntracks-ios': 'deletes',
    });
    expect(await listReports(setup.app, caravanId)).toEqual([]);
  });
});

describe.each(stores)('an OwnTracks backlog flushed fast on the %s store', (_kind, makeStore) => {
  // A reporter limit of 13: the phone limit is 130 a minute, so the 131st message of the minute is refused.
  const setup = useTestApp(makeStore, {
    config: { rateLimitsPerMinute: { reporter: 13, staff: 1_000_000, anonymous: 1_000_000 } },
  });

  it('stores every message iOS deletes from its queue; the ones refused stay queued (503, never 4xx)', async () => {
    const caravanId = await createCaravan(setup.app);
    const reporter = await createReporter(setup.app, [caravanId]);
    const authorization = `Basic ${Buffer.from(`${reporter.id}:${reporter.token}`).toString('base64')}`;
    const start = 1_705_068_000;
    const queue = Array.from({ length: 140 }, (_, index) => ({
      _type: 'location',
      lat: 14.9056 + index * 0.001,
      lon: -92.2633,
      tst: start + index * 60,
      tid: 'JJ',
    }));

    const deleted: number[] = [];
    const refusals: Array<{ status: number; retryAfter: string | undefined }> = [];
    for (const message of queue) {
      const response = await setup.app.inject({
        method: 'POST',
        url: '/ingest/owntracks',
        headers: { authorization, 'content-type': 'application/json' },
        payload: message,
      });
      if (RETRY_RULES['owntracks-ios'](response.statusCode) === 'deletes') deleted.push(message.tst);
      else refusals.push({ status: response.statusCode, retryAfter: response.headers['retry-after'] as string | undefined });
    }

    const stored = await listReports(setup.app, caravanId, '?limit=1000');
    expect(deleted).toHaveLength(130);
    expect(stored.map((report) => Date.parse(report.recordedAt) / 1000)).toEqual(deleted);
    expect(refusals).toHaveLength(10);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(503);
      expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1);
    }
  });
});
