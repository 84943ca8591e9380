import { randomBytes } from 'node:crypto';
import type { Report } from '@rumbo/shared';
import type { Redis } from 'ioredis';
import type { RelayTarget } from '../store/track-store';
import { isCaravanId } from '../validation';

/** The channel every instance hears the others' pushed reports on. */
export const REPORT_RELAY_CHANNEL = 'rumbo:reports';

/** What the relayed reports are to a viewer: new ones, or stored ones that changed. */
export type RelayedKind = 'stored' | 'updated';
const KINDS: ReadonlyMap<string, RelayedKind> = new Map([
  ['s', 'stored'],
  ['u', 'updated'],
]);

/** The instance the relay delivers to: only caravans someone here watches are read at all. */
export interface RelayReceiver {
  watching(caravanId: string): boolean;
  deliver(kind: RelayedKind, caravanId: string, reports: Report[]): void;
}

export interface ReportRelay {
  target: RelayTarget;
  /** Delivers the other instances' pushed reports to `receiver` from now on (one receiver). */
  receive(receiver: RelayReceiver): void;
}

const NEWLINE = 0x0a;

/**
 * Reports pushed on one instance, to the newsroom viewers on every other. The store publishes
 * them in the script that takes them for the push (TAKE_UNPUSHED_LUA), one message per batch,
 * `origin \n kind \n caravanId \n [JSON, …]`: the reports as stored, never encoded again, and
 * nothing for the pushing instance to publish itself. Each instance hears them on the Socket.IO adapter's subscribed
 * connection, so a caravan's summary, which the adapter broadcasts after the push, still comes
 * after its reports (Redis keeps one connection's messages in order). Only a known kind for a
 * well-formed caravan id, with a JSON array, is delivered; anything else is dropped.
 */
export function createReportRelay(subscriber: Redis, channel = REPORT_RELAY_CHANNEL): ReportRelay {
  const origin = randomBytes(8).toString('hex');
  const channelBytes = Buffer.from(channel);
  const own = Buffer.from(`${origin}\n`);
  let receiver: RelayReceiver | null = null;
  void subscriber.subscribe(channel).catch(() => {}); // ioredis subscribes again after a reconnection

  subscriber.on('messageBuffer', (from: Buffer, message: Buffer) => {
    if (!receiver || !channelBytes.equals(from)) return;
    if (message.length > own.length && own.equals(message.subarray(0, own.length))) return;
    const kindEnd = message.indexOf(NEWLINE);
    const idEnd = message.indexOf(NEWLINE, kindEnd + 1);
    const caravanEnd = message.indexOf(NEWLINE, idEnd + 1);
    if (kindEnd < 0 || idEnd < 0 || caravanEnd < 0) return;
    const kind = KINDS.get(message.toString('latin1', kindEnd + 1, idEnd));
    const caravanId = message.toString('latin1', idEnd + 1, caravanEnd);
    if (!kind || !isCaravanId(caravanId) || !receiver.watching(caravanId)) return;
    let reports: unknown;
    try {
      reports = JSON.parse(message.toString('utf8', caravanEnd + 1));
    } catch {
      return;
    }
    if (Array.isArray(reports)) receiver.deliver(kind, caravanId, reports as Report[]);
  });

  return {
    target: { channel, origin },
    receive(next) {
      receiver = next;
    },
  };
}
