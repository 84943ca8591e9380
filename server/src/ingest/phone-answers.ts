import { EARLIEST_FIX_MS, type Source } from '@rumbo/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountRecord } from '../accounts/account-store';
import { Conflict } from '../domain-errors';
import { HttpError } from '../errors';
import type { PhoneFix } from './phone-fix';
import { phoneMetrics } from './phone-metrics';
import { storePhoneFix } from './store-phone-fix';

/** How long a phone should wait before sending a held fix again: an admin's change takes minutes. */
export const HELD_RETRY_AFTER_SECONDS = 300;

/** Refusals an admin can lift, after which the very same fix is stored. */
const HELD_CODES = new Set(['no_current_caravan', 'caravan_missing']);

/**
 * A fix refused for a reason an admin can lift is answered 503 with Retry-After, never 409: every
 * phone app keeps a fix answered 5xx and sends it again, while OwnTracks for iOS deletes any
 * message answered 4xx. Null for every other error, which keeps its own answer.
 */
export function heldUntilAdminActs(error: unknown): HttpError | null {
  if (!(error instanceof Conflict) || !HELD_CODES.has(error.code)) return null;
  const message = `${error.message}. The phone keeps this fix and sends it again.`;
  return new HttpError(503, error.code, message, undefined, HELD_RETRY_AFTER_SECONDS);
}

/**
 * A phone whose clock was reset (1970, or a GPS week rollover) sends fix times our ingest refuses.
 * Refusing it would jam the queue of most apps (they resend the head of it forever) or delete the
 * fix; the position is real and the phone sends it as it is taken, so it is timed at its arrival.
 */
function timedAtArrivalIfClockReset(fix: PhoneFix, receivedAt: Date): PhoneFix {
  const recordedAt = fix.report.recordedAt;
  if (recordedAt === undefined || recordedAt >= EARLIEST_FIX_MS) return fix;
  return { ...fix, report: { ...fix.report, recordedAt: receivedAt.getTime() } };
}

/**
 * Stores one phone fix and notes it as the reporter's latest phone fix. A fix held until an admin
 * acts is logged as a warning (naming the reporter, for staff to act on), counted, and answered 503.
 */
export async function receivePhoneFix(
  app: FastifyInstance,
  request: FastifyRequest,
  account: AccountRecord,
  fix: PhoneFix,
  protocol: Source,
  receivedAt: Date,
) {
  const usable = timedAtArrivalIfClockReset(fix, receivedAt);
  if (usable !== fix) {
    request.log.warn({ reporterId: account.id, sentAt: fix.report.recordedAt }, 'phone clock before 2000: fix timed at arrival');
  }
  try {
    const stored = await storePhoneFix(app, account, usable, protocol, receivedAt);
    await app.accounts.notePhoneSignal(account.id, 'fix', receivedAt.toISOString());
    return stored;
  } catch (error) {
    const held = heldUntilAdminActs(error);
    if (!held) throw error;
    phoneMetrics(app.metrics.registry).held(protocol, held.code);
    request.log.warn({ reporterId: account.id, code: held.code }, held.message);
    throw held;
  }
}

/** A phone that sent no position is alive: counted, and noted on its reporter for staff to see. */
export async function receiveHeartbeat(app: FastifyInstance, account: AccountRecord, protocol: Source, receivedAt: Date) {
  phoneMetrics(app.metrics.registry).heartbeat(protocol);
  await app.accounts.notePhoneSignal(account.id, 'heartbeat', receivedAt.toISOString());
}
