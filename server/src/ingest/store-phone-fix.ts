import type { Source } from '@rumbo/shared';
import type { FastifyInstance } from 'fastify';
import type { AccountRecord } from '../accounts/account-store';
import { reporterCaravan } from '../accounts/reporter-caravan';
import { Conflict } from '../domain-errors';
import { inAppTerms, type PhoneFix } from './phone-fix';

/**
 * Stores one phone fix for its reporter, through the same ingest as every other report
 * (validation, metrics, flags, idempotency, the newsroom push). The report id is left to ingest,
 * which derives it from reporter, fix time and position, so a resent fix lands once.
 */
export async function storePhoneFix(
  app: FastifyInstance,
  account: AccountRecord,
  fix: PhoneFix,
  source: Source,
  receivedAt: Date,
) {
  const caravanId = reporterCaravan(account);
  if (!caravanId) {
    throw new Conflict(
      'no_current_caravan',
      `reporter ${account.id} may post to several caravans and none is marked current; ` +
        `an admin must mark one (PATCH /api/v1/reporters/${account.id} with { "currentCaravanId": ... })`,
    );
  }
  const caravan = await app.caravans.get(caravanId);
  if (!caravan) throw new Conflict('caravan_missing', `caravan ${caravanId} of reporter ${account.id} does not exist`);
  const result = await app.ingest(caravan, [fix.report], { reporterId: account.id, source, receivedAt });
  const rejected = result.rejected[0];
  if (rejected) throw inAppTerms(rejected.error, fix.names);
  return result.accepted[0]!;
}
