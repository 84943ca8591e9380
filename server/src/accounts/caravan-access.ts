import type { AccountRole, Caravan, Report } from '@rumbo/shared';
import { Forbidden, NotFound } from '../domain-errors';
import type { CaravanCache } from '../services/caravan-cache';

/** Who is asking, as far as caravan access goes: a role, and a reporter's caravans. */
export interface CaravanCaller {
  role: AccountRole | 'admin';
  /** Reporters only: the caravans they may post to. */
  caravans?: readonly string[];
}

/** Newsroom staff (admin, editors, viewers) read every caravan; reporters only post. */
export const isStaff = (caller: CaravanCaller) => caller.role !== 'reporter';

/**
 * Who may read a stored report: staff every one, a reporter only its own. An answer that would
 * show a report (a duplicate's stored copy) shows it only to those who may read it.
 */
export const mayReadReport = (caller: CaravanCaller & { id: string }, report: Pick<Report, 'reporterId'>) =>
  isStaff(caller) || report.reporterId === caller.id;

/**
 * Who may add reports to a caravan (posting them one by one, in batches, or as a GPX file):
 * admins and editors any caravan, reporters the caravans they are scoped to, viewers none.
 */
export function mayPostTo(caller: CaravanCaller, caravanId: string): boolean {
  if (caller.role === 'reporter') return caller.caravans?.includes(caravanId) ?? false;
  return caller.role !== 'viewer';
}

/**
 * The caravan a caller adds reports to, `doing` saying how ("post reports to", "import into"):
 * Forbidden when it may not, NotFound when there is no such caravan, in that order, so a caller
 * learns nothing of caravans it may not post to.
 */
export async function caravanToPostTo(
  caravans: Pick<CaravanCache, 'get'>,
  caller: CaravanCaller,
  caravanId: string,
  doing: string,
): Promise<Caravan> {
  if (!mayPostTo(caller, caravanId)) throw new Forbidden(`this token may not ${doing} caravan ${caravanId}`);
  const caravan = await caravans.get(caravanId);
  if (!caravan) throw new NotFound(`caravan ${caravanId}`);
  return caravan;
}
