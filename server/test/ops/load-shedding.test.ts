import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { adminHeaders, buildTestApp, createCaravan, iso, postReports } from '../helper';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy in bursts of `burstMs` until stopped: a server drowning in work. */
function hogEventLoop(burstMs: number): () => void {
  let running = true;
  const burst = () => {
    if (!running) return;
    const until = Date.now() + burstMs;
    while (Date.now() < until);
    setImmediate(burst);
  };
  setImmediate(burst);
  return () => {
    running = false;
  };
}

/** Polls `request` until it answers `status`, or fails after `timeoutMs`. */
async function untilStatus<R extends { statusCode: number }>(
  request: () => Promise<R>,
  status: number,
  timeoutMs = 8_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request();
    if (response.statusCode === status) return response;
    if (Date.now() > deadline) throw new Error(`still ${response.statusCode}, not ${status}, after ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('load shedding', () => {
  let app: App;
  let neverSheds: App;
  let caravanId: string;
  beforeAll(async () => {
    app = await buildTestApp({ store: new MemoryStore(), config: { maxEventLoopDelayMs: 40 } });
    neverSheds = await buildTestApp({ store: new MemoryStore(), config: { maxEventLoopDelayMs: 0 } });
    caravanId = await createCaravan(app);
  });
  afterAll(async () => {
    await app.close();
    await neverSheds.close();
  });

  it('answers 503 overloaded with Retry-After while the event loop lags, keeps /healthz and /metrics, and recovers', async () => {
    const post = (step: number) =>
      postReports(app, caravanId, {
        id: `shed-${step}`,
        lng: -92.2633,
        lat: 14.9056 + step * 0.01,
        recordedAt: iso(Date.UTC(2024, 0, 1, step)),
      });
    const stopHog = hogEventLoop(120);
    let step = 0;
    try {
      const shed = await untilStatus(() => post(step++), 503);
      expect(shed.headers['retry-after']).toBe('5');
      expect(shed.json()).toEqual({
        error: { code: 'overloaded', message: 'the server is overloaded; retry in 5 s' },
      });
      // Still under pressure: the liveness probe and the metrics answer anyway, other routes do not.
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/caravans', headers: adminHeaders })).statusCode).toBe(503);
      // MAX_EVENT_LOOP_DELAY_MS=0: the same lag, no shedding.
      expect((await neverSheds.inject({ method: 'GET', url: '/api/v1/caravans', headers: adminHeaders })).statusCode).toBe(200);
    } finally {
      stopHog();
    }
    const recovered = await untilStatus(() => post(step++), 201);
    expect(recovered.statusCode).toBe(201);
  });
});
