import type { Caravan, Report } from '@rumbo/shared';
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { DefaultEventsMap, Namespace, Server } from 'socket.io';
import { isAccountId } from '../accounts/account-id';
import { isCaravanId } from '../validation';

/** What a write to the store can be, with what its subscribers need to act on it. */
export interface Writes {
  /** New reports of one caravan, stored since the last push (never duplicates), as they are now. */
  'reports:stored': { caravan: Caravan; reports: Report[] };
  /** Stored reports of one caravan changed since the last push: hidden or restored, or judged again. */
  'reports:updated': { caravan: Caravan; reports: Report[] };
  /** A caravan's own settings changed: name, status, route or public settings. */
  'caravan:changed': { caravan: Caravan };
  /** An account changed: revoked or restored, renamed, or scoped to other caravans. */
  'account:changed': { accountId: string };
}

/**
 * What one instance tells every instance (itself included) after a write: only the caravan's id,
 * since each instance keeps its own caches and reads back what it needs.
 */
export interface InstanceSignals {
  /** The caravan's settings changed: caches of it are stale. */
  'caravan:settings': { caravanId: string };
  /** What the public sees of the caravan changed before its next release step. */
  'public:changed': { caravanId: string };
  /** An account changed: what its open sockets may do is to be checked again. */
  'account:changed': { accountId: string };
}

type WriteHandler<Kind extends keyof Writes> = (write: Writes[Kind]) => void | Promise<void>;
type SignalHandler<Kind extends keyof InstanceSignals> = (signal: InstanceSignals[Kind]) => void | Promise<void>;

/** The namespace the instances talk on; no browser or phone may connect to it. */
export const INSTANCES_NAMESPACE = '/instances';

/**
 * Each signal's one id and the check it must pass when it comes from another instance: nothing
 * but a known kind with a well-formed id is ever run.
 */
const SIGNAL_IDS: {
  [Kind in keyof InstanceSignals]: { field: keyof InstanceSignals[Kind]; valid(id: unknown): boolean };
} = {
  'caravan:settings': { field: 'caravanId', valid: isCaravanId },
  'public:changed': { field: 'caravanId', valid: isCaravanId },
  'account:changed': { field: 'accountId', valid: isAccountId },
};
const isSignalKind = (kind: string): kind is keyof InstanceSignals => Object.hasOwn(SIGNAL_IDS, kind);

interface ServerSideEvents {
  signal: (kind: string, id: string) => void;
}

export interface ChangeFeedOptions {
  io: Server;
  log: { error(object: object, message: string): void };
}

/**
 * A small typed change feed. Writers publish what they wrote; subscribers (see effects.ts, the one
 * list of them) act on it. Handlers run in the order they subscribed, each started before the
 * next, so a cache dropped synchronously by an early handler is already gone for the later ones
 * and for the request that published. A handler that fails is logged and never fails the write:
 * the write is stored already.
 *
 * Signals cross to the other instances through the Socket.IO Redis adapter (pub/sub: nothing
 * kept, so caches also expire on their own) and run on this instance too.
 */
export function createChangeFeed({ io, log }: ChangeFeedOptions) {
  const writeHandlers = new Map<keyof Writes, Array<WriteHandler<never>>>();
  const signalHandlers = new Map<keyof InstanceSignals, Array<SignalHandler<never>>>();
  const instances: Namespace<DefaultEventsMap, DefaultEventsMap, ServerSideEvents> = io.of(INSTANCES_NAMESPACE);
  instances.use((_socket, next) => next(new Error('not a client namespace')));
  // Only the Redis adapter has other instances to tell; the in-memory one would warn on each emit.
  const otherInstances = instances.adapter instanceof RedisAdapter;

  async function run<Payload>(
    handlers: ReadonlyArray<(payload: Payload) => void | Promise<void>>,
    payload: Payload,
    what: string,
  ) {
    await Promise.all(
      handlers.map(async (handler) => {
        try {
          await handler(payload);
        } catch (error) {
          log.error({ err: error, change: what }, 'a subscriber of the change feed failed');
        }
      }),
    );
  }

  const runSignal = <Kind extends keyof InstanceSignals>(kind: Kind, signal: InstanceSignals[Kind]) =>
    run((signalHandlers.get(kind) ?? []) as Array<SignalHandler<Kind>>, signal, kind);

  instances.on('signal', (kind, id) => {
    if (!isSignalKind(kind) || !SIGNAL_IDS[kind].valid(id)) return;
    void runSignal(kind, { [SIGNAL_IDS[kind].field]: id } as InstanceSignals[typeof kind]);
  });

  return {
    /** Tells this instance's subscribers of a write; resolves when every handler is done. */
    publish<Kind extends keyof Writes>(kind: Kind, write: Writes[Kind]): Promise<void> {
      return run((writeHandlers.get(kind) ?? []) as Array<WriteHandler<Kind>>, write, kind);
    },
    /** Runs `handler` for each write of `kind` published on this instance. */
    onWrite<Kind extends keyof Writes>(kind: Kind, handler: WriteHandler<Kind>): void {
      writeHandlers.set(kind, [...(writeHandlers.get(kind) ?? []), handler as WriteHandler<never>]);
    },
    /** Sends a signal to every instance, this one included; resolves when this instance's handlers are done. */
    signal<Kind extends keyof InstanceSignals>(kind: Kind, signal: InstanceSignals[Kind]): Promise<void> {
      if (otherInstances) instances.serverSideEmit('signal', kind, signal[SIGNAL_IDS[kind].field] as string);
      return runSignal(kind, signal);
    },
    /** Runs `handler` for each signal of `kind`, from any instance. */
    onSignal<Kind extends keyof InstanceSignals>(kind: Kind, handler: SignalHandler<Kind>): void {
      signalHandlers.set(kind, [...(signalHandlers.get(kind) ?? []), handler as SignalHandler<never>]);
    },
  };
}
export type ChangeFeed = ReturnType<typeof createChangeFeed>;
