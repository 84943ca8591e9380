import type { OutboxRecord } from './outbox-store';

/**
 * Still held at `now`: queued, and its undo window not over, so it is not sent yet and not about
 * to be; only then may it change or be withdrawn.
 * @example isHeld({ state: 'queued', holdUntil: 5_000, … }, 4_999) // true
 */
export const isHeld = (record: Pick<OutboxRecord, 'state' | 'holdUntil'>, now: number) =>
  record.state === 'queued' && (record.holdUntil ?? 0) > now;
