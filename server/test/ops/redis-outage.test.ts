import type { Report } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import {
  ADMIN_TOKEN,
  adminHeaders,
  connectNewsroom,
  createCaravan,
  iso,
  listen,
  testConfig,
  type NewsroomSocket,
} from '../helper';
import { createReporter } from '../routes/phone-app-helper';
import { OwnRedis } from './own-redis';

const REPORTS = 60;
/**
 * The phone's schedule (6 s) outlasts the outage it must run into (from 0.7 s, 3.5 s long): the
 * phone is still sending while Redis is down however long stopping redis-server takes. At 50 ms
 * its schedule ended before the outage did, so a slow stop could leave it little or nothing to send
 * meanwhile; once, in a busy full-suite run, nothing was refused.
 */
const EVERY_MS = 100;
/** The test's phone honours Retry-After, but waits at most this long. */
const RETRY_CAP_MS = 200;
/**
 * Well past the store's 2 s command timeout: a request caught by a shorter outage may just wait
 * for Redis to come back and succeed, and then nothing would be refused.
 */
const OUTAGE_MS = 3_500;
const START_MS = Date.parse('2024-01-01T13:00:00Z');
/** After a restart: the store's reconnect back-off (under a second here) plus its command timeout. */
const RECONNECT_GRACE_MS = 3_000;

const fixId = (step: number) => `fix-${String(step).padStart(3, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  retryAfter: string | null;
  /** While redis-server was stopped (from the signal until it was started again). */
  duringOutage: boolean;
  /** When it was sent (Date.now()). */
  sentAt: number;
  /** How long the answer took. */
  ms: number;
}

/**
 * A phone on the road: one fix every EVERY_MS into its queue, sent in order, each until a 2xx,
 * waiting as Retry-After says (capped) after a 503. Records every answer.
 */
async function runPhone(baseUrl: string, caravanId: string, token: string, outage: () => boolean): Promise<Answer[]> {
  const answers: Answer[] = [];
  const started = Date.now();
  for (let step = 0; step < REPORTS; step++) {
    await sleep(started + step * EVERY_MS - Date.now());
    const body = JSON.stringify({
      id: fixId(step),
      lng: -92.2633 - step * 0.01,
      lat: 14.9056 + step * 0.015,
      recordedAt: iso(START_MS + step * 600_000),
    });
    for (;;) {
      const duringOutage = outage();
      const sentAt = Date.now();
      const response = await fetch(`${baseUrl}/api/v1/caravans/${caravanId}/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      const retryAfter = response.headers.get('retry-after');
      answers.push({
        status: response.status,
        retryAfter,
        duringOutage: duringOutage || outage(),
        sentAt,
        ms: Date.now() - sentAt,
      });
      if (response.ok) break;
      if (Date.now() - started > 30_000) throw new Error(`fix ${step} still refused after 30 s: ${response.status}`);
      await sleep(response.status === 503 ? Math.min(Number(retryAfter) * 1000, RETRY_CAP_MS) : RETRY_CAP_MS);
    }
  }
  return answers;
}

describe('Redis goes away for a while and comes back', () => {
  let redis: OwnRedis;
  let first: App;
  let second: App;
  let viewer: NewsroomSocket | undefined;
  const unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', recordUnhandled);
    redis = await OwnRedis.start();
    // Two instances on that Redis, wired as in production (store, accounts, rate limits, adapter).
    const config = testConfig({ redisUrl: redis.url });
    first = await buildApp({ config, clientDist: '/nonexistent' });
    second = await buildApp({ config, clientDist: '/nonexistent' });
  });

  afterAll(async () => {
    viewer?.close();
    await first?.close();
    await second?.close();
    await redis?.destroy();
    process.off('unhandledRejection', recordUnhandled);
  });

  it('answers 503 with Retry-After meanwhile, stays up, recovers by itself, and stores every report once', async () => {
    const caravanId = await createCaravan(first);
    const reporter = await createReporter(first, [caravanId]);
    const firstUrl = await listen(first);
    const secondUrl = await listen(second);
    const readiness = async (url: string) => (await fetch(`${url}/readyz`)).status;
    expect(await readiness(firstUrl)).toBe(200);

    let down = false;
    const phone = runPhone(firstUrl, caravanId, reporter.token, () => down);

    await sleep(700);
    down = true;
    await redis.stop('SIGTERM');
    const downSince = Date.now();
    const readyWhileDown = await readiness(firstUrl);
    const liveWhileDown = (await fetch(`${firstUrl}/healthz`)).status;
    await sleep(OUTAGE_MS - (Date.now() - downSince));
    await redis.start();
    down = false;
    const restartedAt = Date.now();

    const answers = await phone;
    const readyAfter = await readiness(firstUrl);

    expect(readyWhileDown).toBe(503);
    expect(liveWhileDown).toBe(200);
    expect(readyAfter).toBe(200);
    const refused = answers.filter((answer) => answer.status >= 300);
    expect(refused.length).toBeGreaterThan(0);
    // The only refusal: 503 with Retry-After, never another 5xx (nor a 4xx the phone would drop).
    expect(refused.filter((answer) => answer.status !== 503 || !/^\d+$/.test(answer.retryAfter ?? ''))).toEqual([]);
    // Refused only while Redis was down, or just after, before the store had reconnected (its
    // back-off) and a command queued meanwhile had met its 2 s timeout.
    expect(refused.filter((answer) => !answer.duringOutage && answer.sentAt > restartedAt + RECONNECT_GRACE_MS)).toEqual([]);
    // Within seconds, not after ioredis's reconnect back-off: the phone is not left hanging.
    expect(Math.max(...refused.map((answer) => answer.ms))).toBeLessThan(5_000);

    const listed = await first.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}/reports`, headers: adminHeaders });
    const ids = (listed.json() as { reports: Report[] }).reports.map((report) => report.id);
    expect(ids).toEqual(Array.from({ length: REPORTS }, (_, step) => fixId(step)));
    const summary = await first.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders });
    expect(summary.json()).toMatchObject({ reportCount: REPORTS, latest: { id: fixId(REPORTS - 1) } });

    // The other instance's dashboards hear about new reports again: its adapter resubscribed.
    viewer = await connectNewsroom(secondUrl, ADMIN_TOKEN);
    const joined = await viewer.timeout(5_000).emitWithAck('caravan:join', { caravanId });
    expect(joined).toHaveProperty('data');
    // Pushes the first instance queued during the outage may still arrive (a report the viewer's
    // snapshot has already): what counts is that new reports reach it.
    const heard: string[] = [];
    viewer.on('report:new', ({ report }) => void heard.push(report.id));
    for (let attempt = 0; !heard.some((id) => id.startsWith('after-')) && attempt < 20; attempt++) {
      const id = `after-${attempt}`;
      const posted = await first.inject({
        method: 'POST',
        url: `/api/v1/caravans/${caravanId}/reports`,
        headers: adminHeaders,
        payload: { id, lng: -93, lat: 16, recordedAt: iso(START_MS + (REPORTS + attempt) * 600_000) },
      });
      expect(posted.statusCode).toBe(201);
      await sleep(500);
    }
    expect(heard.filter((id) => id.startsWith('after-'))).not.toEqual([]);

    expect(unhandled).toEqual([]);
  }, 60_000);
});
