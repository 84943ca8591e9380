import type { Caravan } from '@rumbo/shared';
import { DEFAULT_ORIGIN, DEFAULT_PUBLIC } from '@rumbo/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { CaravanCache } from '../services/caravan-cache';
import type { Ingest } from '../services/ingest';
import type { TrackStore } from '../store/track-store';
import { DEMO_STEPS, demoReport } from './demo-route';

export const DEMO_CARAVAN_ID = 'demo';

export interface DemoOptions {
  store: TrackStore;
  /** Where each tick reads the caravan: an admin may rename it or give it another route meanwhile. */
  caravans: Pick<CaravanCache, 'get'>;
  ingest: Ingest;
  log: FastifyBaseLogger;
  /** Real time between two reports. */
  intervalMs?: number;
}

/** The step after the newest demo report already stored: a restart resumes, never repeats. */
async function nextStep(store: TrackStore): Promise<number> {
  const { latest } = await store.trackFacts(DEMO_CARAVAN_ID);
  const step = latest ? Number(/^demo-(\d+)$/.exec(latest.id)?.[1]) : -1;
  return Number.isFinite(step) ? step + 1 : 0;
}

/**
 * The demo simulator: creates caravan `demo` and replays its route, one report every few
 * seconds, each marked `source: "demo"`. Returns a function that stops it.
 */
export async function startDemo({ store, caravans, ingest, log, intervalMs = 3_000 }: DemoOptions): Promise<() => void> {
  const caravan: Caravan = {
    id: DEMO_CARAVAN_ID,
    name: 'Demo caravan (simulated, not real reporting)',
    status: 'active',
    origin: { ...DEFAULT_ORIGIN },
    public: { ...DEFAULT_PUBLIC },
    createdAt: new Date().toISOString(),
  };
  await store.createCaravan(caravan);
  let step = await nextStep(store);
  /** A slow store can outlast the interval: an overlapping tick would resend this step and skip the next. */
  let busy = false;
  log.info({ caravanId: DEMO_CARAVAN_ID, step, steps: DEMO_STEPS }, 'demo simulator started: reports are marked source "demo"');
  const tick = async () => {
    if (busy) return;
    if (step >= DEMO_STEPS) {
      clearInterval(timer);
      log.info({ caravanId: DEMO_CARAVAN_ID }, 'demo caravan reached the end of its route');
      return;
    }
    busy = true;
    try {
      const current = (await caravans.get(DEMO_CARAVAN_ID)) ?? caravan;
      await ingest(current, [demoReport(step)], { reporterId: 'demo', source: 'demo', receivedAt: new Date() });
      step += 1;
    } catch (error) {
      log.warn({ err: error, step }, 'demo report not stored; will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  await tick();
  return () => clearInterval(timer);
}
