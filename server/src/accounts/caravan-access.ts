import type { AccountRole } from '@rumbo/shared';

/** Who is asking, as far as caravan access goes: a role, and a reporter's caravans. */
export interface CaravanCaller {
  role: AccountRole | 'admin';
  /** Reporters only: the caravans they may post to. */
  caravans?: readonly string[];
}

/** Newsroom staff (admin, editors, viewers) read every caravan; reporters only post. */
export const isStaff = (caller: CaravanCaller) => caller.role !== 'reporter';

/**
 * Who may add reports to a caravan (posting them one by one, in batches, or as a GPX file):
 * admins and editors any caravan, reporters the caravans they are scoped to, viewers none.
 */
export function mayPostTo(caller: CaravanCaller, caravanId: string): boolean {
  if (caller.role === 'reporter') return caller.caravans?.includes(caravanId) ?? false;
  return caller.role !== 'viewer';
}
