import type { Account } from '@rumbo/shared';

/** What the admin should know of a reporter's phone, most urgent first, with the time it rests on. */
export type PhonePhase =
  | { kind: 'revoked' }
  | { kind: 'no-current-caravan' }
  | { kind: 'alive-no-fix'; at: string }
  | { kind: 'last-fix'; at: string }
  | { kind: 'silent' };

/**
 * A reporter's phone as the admin sees it. "Alive, no fix" when its newest sign of life is a
 * heartbeat (the phone runs but gets no position); a reporter with several caravans and none
 * current has its phone's fixes held (answered 503) until one is marked.
 * @example phonePhase({ ...account, lastHeartbeatAt: '2024-01-12T14:05:00Z', lastPhoneFixAt: null }) // { kind: 'alive-no-fix', … }
 */
export function phonePhase(account: Account): PhonePhase {
  if (account.revokedAt) return { kind: 'revoked' };
  const current = account.currentCaravanId && account.caravans.includes(account.currentCaravanId);
  if (!current && account.caravans.length > 1) return { kind: 'no-current-caravan' };
  const { lastHeartbeatAt: heartbeat, lastPhoneFixAt: fix } = account;
  if (heartbeat && (!fix || Date.parse(heartbeat) > Date.parse(fix))) return { kind: 'alive-no-fix', at: heartbeat };
  if (fix) return { kind: 'last-fix', at: fix };
  return { kind: 'silent' };
}
