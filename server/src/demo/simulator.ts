import type { Caravan } from '@rumbo/shared';
import { DEFAULT_ORIGIN, DEFAULT_PUBLIC, LIMITS } from '@rumbo/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { CaravanCache } from '../services/caravan-cache';
import type { Ingest } from '../services/ingest';
import type { TrackStore } from '../store/track-store';
import { DEMO_NOW_STEP, DEMO_ROUTE, DEMO_STEPS, demoFixTimeMs, demoReport, demoStepsBy } from './demo-route';

export const DEMO_CARAVAN_ID = 'demo';
/** After a failed write, the demo tries again this much later (in demo time). */
const RETRY_MS = 10_000;

export interface DemoOptions {
  store: TrackStore;
  /** Where each post reads the caravan: an admin may rename it or give it another route meanwhile. */
  caravans: Pick<CaravanCache, 'get'>;
  ingest: Ingest;
  log: FastifyBaseLogger;
  /** The caravan to replay into: `demo`; tests sharing one Redis use their own. */
  caravanId?: string;
  /** The wall clock in epoch ms; tests pass their own to start the demo "days later". */
  now?: () => number;
  /** How many times faster than the wall clock the demo's time runs after the start (tests); 1 is live. */
  speed?: number;
}

/** The demo caravan as first created: its creation time fixes where its walk is "now" for good. */
function demoCaravan(id: string, createdAtMs: number): Caravan {
  return {
    id,
    name: 'Demo caravan (simulated, not real reporting)',
    status: 'active',
    origin: { ...DEFAULT_ORIGIN },
    route: DEMO_ROUTE,
    public: { ...DEFAULT_PUBLIC },
    createdAt: new Date(createdAtMs).toISOString(),
  };
}

/**
 * How far the 2023 walk is moved in time: so that step DEMO_NOW_STEP was fixed when the demo
 * caravan was created. Derived from the stored creation time, so every start of the same caravan
 * (a restart, another instance) agrees on it.
 */
export const demoShiftMs = (caravan: Pick<Caravan, 'createdAt'>) => Date.parse(caravan.createdAt) - demoFixTimeMs(DEMO_NOW_STEP);

/** The step after the newest demo report already stored: a restart resumes, never repeats. */
async function nextStep(store: TrackStore, caravanId: string): Promise<number> {
  const { latest } = await store.trackFacts(caravanId);
  const step = latest ? Number(/^demo-(\d+)$/.exec(latest.id)?.[1]) : -1;
  return Number.isFinite(step) ? step + 1 : 0;
}

/**
 * The demo simulator: creates caravan `demo` (with its planned route) and replays the 2023 walk
 * moved to around now, like a live caravan. On the first start the walk is a third done: those
 * reports are stored at once as its history, and each later one is posted when its moved fix
 * time comes (a fix every 20 minutes through eight hours of walking a day). A restart posts what
 * came due while it was down, then goes on: no gap, no repeat (ids `demo-<step>`, idempotent).
 * Every report is marked `source: "demo"`. Resolves once the history is stored, with a function
 * that stops it (and waits for a write under way).
 */
export async function startDemo({
  store,
  caravans,
  ingest,
  log,
  caravanId = DEMO_CARAVAN_ID,
  now = Date.now,
  speed = 1,
}: DemoOptions): Promise<() => Promise<void>> {
  const startedAtMs = now();
  /** Demo time: the wall clock, run `speed` times faster from the start. */
  const clock = () => startedAtMs + (now() - startedAtMs) * speed;
  await store.createCaravan(demoCaravan(caravanId, startedAtMs));
  const created = (await store.getCaravan(caravanId)) ?? demoCaravan(caravanId, startedAtMs);
  const shiftMs = demoShiftMs(created);
  let step = await nextStep(store, caravanId);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let working: Promise<void> = Promise.resolve();

  /** Waits in real time for demo time to pass; the timer never holds the process open. */
  const wait = (demoMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => (working = postDue()), Math.max(0, demoMs / speed));
    timer.unref();
  };

  /** Posts every step whose moved fix time has come, in batches the API would take, then waits for the next. */
  async function postDue(): Promise<void> {
    try {
      const due = demoStepsBy(clock() - shiftMs);
      while (step < due && !stopped) {
        const batchEnd = Math.min(due, step + LIMITS.batchReports);
        const reports = Array.from({ length: batchEnd - step }, (_, index) => demoReport(step + index, shiftMs));
        const current = (await caravans.get(caravanId)) ?? created;
        await ingest(current, reports, { reporterId: 'demo', source: 'demo', receivedAt: new Date(clock()) });
        step = batchEnd;
      }
    } catch (error) {
      log.warn({ err: error, step }, 'demo reports not stored; will retry');
      return wait(RETRY_MS);
    }
    if (step >= DEMO_STEPS) return log.info({ caravanId }, 'demo caravan reached the end of its route');
    wait(demoFixTimeMs(step) + shiftMs - clock());
  }

  log.info(
    { caravanId, step, steps: DEMO_STEPS, nowStep: DEMO_NOW_STEP, createdAt: created.createdAt },
    'demo simulator started: its walk is replayed around now, reports marked source "demo"',
  );
  working = postDue();
  await working;
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await working;
  };
}
