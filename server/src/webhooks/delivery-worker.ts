import type { DeliveryAttempt } from '@rumbo/shared';
import type { AlertStore, DeliveryRecord, WebhookRecord } from '../alerts/alert-store';
import { signature } from './signature';
import { refusedWebhookUrl } from './webhook-url';

export interface DeliveryTiming {
  /** How often each instance looks for due deliveries. */
  tickMs: number;
  /** The first retry waits this long; each next one twice as long, up to maxBackoffMs. */
  backoffBaseMs: number;
  maxBackoffMs: number;
  /** An attempt that has no answer by then counts as failed. */
  attemptTimeoutMs: number;
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  tickMs: 1_000,
  backoffBaseMs: 10_000,
  maxBackoffMs: 3_600_000,
  attemptTimeoutMs: 10_000,
};

/** Due deliveries taken in one tick, at most. */
const PER_TICK = 20;

export interface DeliveryWorkerDeps {
  alertStore: AlertStore;
  timing: DeliveryTiming;
  allowPrivate: boolean;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** Waits before attempt n+1 after n failed ones: base × 2^(n−1), capped. */
export const backoffMs = (failed: number, { backoffBaseMs, maxBackoffMs }: DeliveryTiming) =>
  Math.min(maxBackoffMs, backoffBaseMs * 2 ** Math.max(0, failed - 1));

/** One POST of a delivery, signed with the hook's secret and a fresh timestamp. */
async function post(hook: WebhookRecord, delivery: DeliveryRecord, deps: DeliveryWorkerDeps): Promise<DeliveryAttempt> {
  const startedMs = Date.now();
  const attempt = (statusCode: number | null, error?: string): DeliveryAttempt => ({
    at: new Date(startedMs).toISOString(),
    statusCode,
    ...(error ? { error } : {}),
    durationMs: Date.now() - startedMs,
  });
  const refused = await refusedWebhookUrl(hook.url, deps.allowPrivate);
  if (refused) return attempt(null, `url ${refused}`);
  const timestamp = Math.floor(startedMs / 1000);
  try {
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rumbo-Webhooks/1',
        'x-rumbo-delivery': delivery.id,
        'x-rumbo-timestamp': String(timestamp),
        'x-rumbo-signature': signature(hook.secret, timestamp, delivery.body),
      },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timing.attemptTimeoutMs),
    });
    await response.body?.cancel();
    return attempt(response.status);
  } catch (error) {
    return attempt(null, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Delivers queued webhook deliveries on every instance. The queue lives in the store, so a
 * restart loses none; each attempt is leased atomically (AlertStore.leaseDelivery), so of several
 * instances one makes it. An attempt that fails is retried with exponential backoff until a 2xx,
 * until the give-up time the creating instance set (WEBHOOK_RETRY_HOURS); one that crashed with its instance is retried when its lease ends.
 * Receivers may see an id twice only then, and drop it by `X-Rumbo-Delivery`.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { alertStore, timing, log } = deps;
  const inFlight = new Set<Promise<void>>();
  let ticking = false;
  let closed = false;

  async function attempt(deliveryId: string): Promise<void> {
    const nowMs = Date.now();
    if (!(await alertStore.leaseDelivery(deliveryId, nowMs, nowMs + timing.attemptTimeoutMs + 5_000))) return;
    const delivery = await alertStore.getDelivery(deliveryId);
    if (!delivery || delivery.state !== 'pending') return alertStore.dequeueDelivery(deliveryId);
    const hook = await alertStore.getWebhook(delivery.webhookId);
    const result: DeliveryAttempt = hook
      ? await post(hook, delivery, deps)
      : { at: new Date(nowMs).toISOString(), statusCode: null, error: 'webhook deleted', durationMs: 0 };
    const attempts = [...delivery.attempts, result];
    const expired = !hook || Date.now() >= delivery.giveUpAtMs;
    const state = isSuccess(result.statusCode) ? 'delivered' : expired ? 'failed' : 'pending';
    await alertStore.saveDelivery({ ...delivery, attempts, state });
    if (state === 'pending') await alertStore.rescheduleDelivery(deliveryId, Date.now() + backoffMs(attempts.length, timing));
    else await alertStore.dequeueDelivery(deliveryId);
    if (state !== 'delivered')
      log.warn({ deliveryId, webhookId: delivery.webhookId, state, ...result }, 'webhook attempt failed');
  }

  async function tick(): Promise<void> {
    if (ticking || closed) return;
    ticking = true;
    try {
      const due = await alertStore.dueDeliveries(Date.now(), PER_TICK);
      await Promise.all(
        due.map((id) => {
          const run = attempt(id).catch((error: unknown) => log.error({ err: error, deliveryId: id }, 'webhook delivery failed'));
          inFlight.add(run);
          return run.finally(() => inFlight.delete(run));
        }),
      );
    } catch (error) {
      log.error({ err: error }, 'looking for due webhook deliveries failed');
    } finally {
      ticking = false;
    }
  }

  const timer = setInterval(() => void tick(), timing.tickMs);
  timer.unref();
  return {
    /** Looks for due deliveries now (after an alert was queued), not at the next tick. */
    kick: () => void tick(),
    /** Stops looking; resolves when the attempts under way are done (their outcome stored). */
    async close(): Promise<void> {
      closed = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}
export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
