import {
  LIMITS,
  NEWSROOM_NAMESPACE,
  type Alert,
  type Caravan,
  type NewsroomClientToServerEvents,
  type NewsroomServerToClientEvents,
  type NewsroomSnapshot,
  type Report,
} from '@rumbo/shared';
import { serveCaravanRooms } from './caravan-rooms';
import type { DefaultEventsMap, Namespace, Server, Socket } from 'socket.io';
import type { Principal } from '../plugins/auth';
import { isStaff } from '../accounts/caravan-access';
import type { CaravanCache } from '../services/caravan-cache';
import { caravanSummary } from '../services/summary';
import type { TrackStore } from '../store/track-store';
import { coalesceByKey } from './coalesce-by-key';
import type { RelayedKind, ReportRelay } from './report-relay';

type NewsroomNamespace = Namespace<
  NewsroomClientToServerEvents,
  NewsroomServerToClientEvents,
  DefaultEventsMap,
  { principal: Principal }
>;
type NewsroomSocket = Socket<
  NewsroomClientToServerEvents,
  NewsroomServerToClientEvents,
  DefaultEventsMap,
  { principal: Principal }
>;

export const caravanRoom = (caravanId: string) => `caravan:${caravanId}`;

/**
 * A caravan's summary goes out at most once per this window (the first change at once, the last
 * change of a burst at its end): a summary costs a few store reads and a broadcast, and a caravan
 * posting hundreds of reports a second would otherwise send each viewer hundreds a second, more
 * than a map can draw. Every report still goes out as report:new.
 */
export const SUMMARY_PUSH_WINDOW_MS = 100;

/**
 * The summary carries the caravan with its planned route, up to 20,000 points (about 700 KB of
 * JSON, encoded for the viewers and again for the other instances): during a burst, a caravan's
 * window widens by this much per route point, up to SUMMARY_PUSH_WINDOW_MAX_MS (5 s for the
 * longest route). Ten summaries a second of such a route cost the ingest benchmark a fifth of the
 * server's CPU and each viewer 7 MB a second; a summary a few seconds after a burst costs neither.
 */
const SUMMARY_WINDOW_MS_PER_ROUTE_POINT = 0.25;
export const SUMMARY_PUSH_WINDOW_MAX_MS = 5_000;

/** The summary window of a caravan: SUMMARY_PUSH_WINDOW_MS, wider for a long planned route. */
export const summaryWindowMs = (caravan: Pick<Caravan, 'route'>) =>
  Math.min(
    SUMMARY_PUSH_WINDOW_MAX_MS,
    Math.max(SUMMARY_PUSH_WINDOW_MS, (caravan.route?.coordinates.length ?? 0) * SUMMARY_WINDOW_MS_PER_ROUTE_POINT),
  );

/**
 * How often every open socket's token is looked up again. A change made through the API reaches
 * the sockets at once (`accountChanged`); this is the backstop for one made around it (the CLI
 * writes to Redis directly): one account lookup per distinct token.
 */
export const ACCESS_RECHECK_MS = 30_000;

const tokenOf = (socket: Pick<Socket, 'handshake'>) => {
  const token = (socket.handshake.auth as { token?: unknown }).token;
  return typeof token === 'string' ? token : null;
};

/** Who may hold a newsroom socket: staff whose token is still valid. */
const mayWatch = (principal: Principal | null): principal is Principal => principal !== null && isStaff(principal);

const UNAUTHORIZED = 'unauthorized: a staff token is required';

interface NewsroomDeps {
  io: Server;
  store: TrackStore;
  /** Where a joining viewer's caravan is read. */
  caravans: Pick<CaravanCache, 'get'>;
  principalForToken(token: string): Promise<Principal | null>;
  log: { error(object: object, message: string): void };
  /** Told about each report just emitted as report:new (metrics: the push delay). */
  reportPushed?(report: Report): void;
  /** How often every open socket's token is checked again; default `ACCESS_RECHECK_MS`. */
  accessRecheckMs?: number;
  /** The other instances' pushed reports (several instances; see report-relay.ts). */
  relay?: Pick<ReportRelay, 'receive'> | null;
}

/** The newsroom's full-precision snapshot: summary and the whole track in fix-time order. */
async function snapshot(store: TrackStore, caravan: Caravan): Promise<NewsroomSnapshot> {
  const [summary, track] = await Promise.all([
    caravanSummary(store, caravan),
    store.listReports(caravan.id, { limit: LIMITS.listMax }),
  ]);
  return { summary, track };
}

/**
 * The `/newsroom` namespace: staff tokens only; `caravan:join` acks the snapshot and subscribes
 * the socket to that caravan's room. Returns the pushes the change feed calls (see changes/effects.ts);
 * each reaches viewers on every instance: through the adapter, and reports through the store's relay (`emitHere`).
 *
 * A token is checked at the handshake and again on each join, when its account changes
 * (`accountChanged`, on every instance) and every `accessRecheckMs`: a socket whose account may no
 * longer watch is disconnected, so a revoked account stops receiving within seconds.
 */
export function createNewsroom({
  io,
  store,
  caravans,
  principalForToken,
  log,
  reportPushed = () => {},
  accessRecheckMs = ACCESS_RECHECK_MS,
  relay = null,
}: NewsroomDeps) {
  const newsroom: NewsroomNamespace = io.of(NEWSROOM_NAMESPACE);

  newsroom.use(async (socket, next) => {
    const token = tokenOf(socket);
    const principal = token ? await principalForToken(token).catch(() => null) : null;
    if (!mayWatch(principal)) return next(new Error(UNAUTHORIZED));
    socket.data.principal = principal;
    next();
  });

  /**
   * Looks the tokens of `sockets` up again, once per distinct token: a socket whose account may no
   * longer watch is disconnected, the others keep the principal as it is now. A lookup that fails
   * (store down) leaves its sockets alone until the next check.
   */
  async function recheck(sockets: NewsroomSocket[]): Promise<void> {
    const byToken = new Map<string, NewsroomSocket[]>();
    for (const socket of sockets) {
      const token = tokenOf(socket) ?? '';
      byToken.set(token, [...(byToken.get(token) ?? []), socket]);
    }
    await Promise.all(
      [...byToken].map(async ([token, group]) => {
        let principal: Principal | null;
        try {
          principal = token ? await principalForToken(token) : null;
        } catch (error) {
          return log.error({ err: error }, 'could not check a newsroom socket’s token again');
        }
        for (const socket of group) {
          if (mayWatch(principal)) socket.data.principal = principal;
          else socket.disconnect(true);
        }
      }),
    );
  }

  let rechecking: Promise<void> | null = null;
  const recheckTimer = setInterval(() => {
    // A slow store does not pile checks up: the next starts after the last is done.
    rechecking ??= recheck([...newsroom.sockets.values()]).finally(() => (rechecking = null));
  }, accessRecheckMs);
  recheckTimer.unref();

  newsroom.on('connection', (socket) => {
    // A join is checked against the token as it is now; a viewer revoked since gets an error, not
    // the snapshot, and is disconnected. When the lookup fails (store down), the join goes on and
    // its own load answers. Acks travel as the event's last argument.
    socket.use(async ([event, ...args], next) => {
      if (event !== 'caravan:join') return next();
      const token = tokenOf(socket);
      const principal = token ? await principalForToken(token).catch(() => undefined) : null;
      if (principal === undefined || mayWatch(principal)) return next();
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ error: { code: 'unauthorized', message: UNAUTHORIZED } });
      socket.disconnect(true);
    });
    serveCaravanRooms(socket, {
      room: caravanRoom,
      load: async (caravanId) => {
        const caravan = await caravans.get(caravanId);
        return caravan && snapshot(store, caravan);
      },
      notFound: (caravanId) => `caravan ${caravanId} not found`,
      unavailable: 'could not load the caravan, try again',
      log,
    });
  });

  /** The caravan's fresh summary to everyone watching it (after any change to its reports). */
  async function pushSummaryNow(caravan: Caravan): Promise<void> {
    try {
      newsroom
        .to(caravanRoom(caravan.id))
        .emit('caravan:update', { caravanId: caravan.id, summary: await caravanSummary(store, caravan) });
    } catch (error) {
      log.error({ err: error, caravanId: caravan.id }, 'could not push the caravan summary');
    }
  }
  const summaries = coalesceByKey<Caravan>(summaryWindowMs, pushSummaryNow);

  /**
   * Each report as its own event (report:new for stored ones, report:update for changed ones) to
   * this instance's viewers of the caravan, in order; with none here, nothing is encoded. The
   * viewers on the other instances get them from the store, which relays what a push takes in the
   * same step (report-relay.ts): a room broadcast per report cost the pushing instance a
   * MessagePack encoding and a PUBLISH each, whether or not anyone anywhere was watching.
   */
  function emitHere(kind: RelayedKind, caravanId: string, reports: readonly Report[]): void {
    const room = caravanRoom(caravanId);
    if (reports.length === 0 || !newsroom.adapter.rooms.has(room)) return;
    const here = newsroom.local.to(room);
    const event = kind === 'stored' ? 'report:new' : 'report:update';
    for (const report of reports) here.emit(event, { caravanId, report });
  }
  relay?.receive({
    watching: (caravanId) => newsroom.adapter.rooms.has(caravanRoom(caravanId)),
    deliver: emitHere,
  });
  /** The summary, now or at the end of the caravan's current window, with the caravan as last given. */
  const pushSummary = (caravan: Caravan) => summaries.request(caravan.id, caravan);

  return {
    /** New reports, then the summary. */
    async reportsStored(caravan: Caravan, reports: Report[]): Promise<void> {
      emitHere('stored', caravan.id, reports);
      for (const report of reports) reportPushed(report);
      await pushSummary(caravan);
    },
    /** Reports changed (hidden, restored, judged again), each as report:update, then the summary. */
    async reportsUpdated(caravan: Caravan, reports: Report[]): Promise<void> {
      emitHere('updated', caravan.id, reports);
      await pushSummary(caravan);
    },
    /** An alert raised for the caravan, to the staff watching it. */
    alertRaised(alert: Alert): void {
      newsroom.to(caravanRoom(alert.caravanId)).emit('alert:new', { caravanId: alert.caravanId, alert });
    },
    /** The caravan's summary, after a change to the caravan itself (name, route, public settings, status). */
    summaryChanged: pushSummary,
    /** An account changed: this instance's sockets of it are checked again (see `recheck`). */
    accountChanged(accountId: string): Promise<void> {
      return recheck([...newsroom.sockets.values()].filter((socket) => socket.data.principal.id === accountId));
    },
    /** Stops the checks and drops the summaries still waiting for their window (the app is closing). */
    close(): void {
      clearInterval(recheckTimer);
      summaries.close();
    },
  };
}
export type Newsroom = ReturnType<typeof createNewsroom>;
