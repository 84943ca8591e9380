import {
  LIMITS,
  NEWSROOM_NAMESPACE,
  type Caravan,
  type NewsroomClientToServerEvents,
  type NewsroomServerToClientEvents,
  type NewsroomSnapshot,
  type Report,
} from '@rumbo/shared';
import { serveCaravanRooms } from './caravan-rooms';
import type { DefaultEventsMap, Namespace, Server } from 'socket.io';
import type { Principal } from '../plugins/auth';
import { isStaff } from '../accounts/caravan-access';
import type { CaravanCache } from '../services/caravan-cache';
import { caravanSummary } from '../services/summary';
import type { TrackStore } from '../store/track-store';
import { coalesceByKey } from './coalesce-by-key';

type NewsroomNamespace = Namespace<
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

interface NewsroomDeps {
  io: Server;
  store: TrackStore;
  /** Where a joining viewer's caravan is read. */
  caravans: Pick<CaravanCache, 'get'>;
  principalForToken(token: string): Promise<Principal | null>;
  log: { error(object: object, message: string): void };
  /** Told about each report just emitted as report:new (metrics: the push delay). */
  reportPushed?(report: Report): void;
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
 * a room broadcast reaches viewers on every instance through the adapter.
 */
export function createNewsroom({ io, store, caravans, principalForToken, log, reportPushed = () => {} }: NewsroomDeps) {
  const newsroom: NewsroomNamespace = io.of(NEWSROOM_NAMESPACE);

  newsroom.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const principal = typeof token === 'string' ? await principalForToken(token).catch(() => null) : null;
    if (!principal || !isStaff(principal)) return next(new Error('unauthorized: a staff token is required'));
    socket.data.principal = principal;
    next();
  });

  newsroom.on('connection', (socket) =>
    serveCaravanRooms(socket, {
      room: caravanRoom,
      load: async (caravanId) => {
        const caravan = await caravans.get(caravanId);
        return caravan && snapshot(store, caravan);
      },
      notFound: (caravanId) => `caravan ${caravanId} not found`,
      unavailable: 'could not load the caravan, try again',
      log,
    }),
  );

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
  const summaries = coalesceByKey<Caravan>(SUMMARY_PUSH_WINDOW_MS, pushSummaryNow);
  /** The summary, now or at the end of the caravan's current window, with the caravan as last given. */
  const pushSummary = (caravan: Caravan) => summaries.request(caravan.id, caravan);

  return {
    /** New reports, then the summary. */
    async reportsStored(caravan: Caravan, reports: Report[]): Promise<void> {
      const room = newsroom.to(caravanRoom(caravan.id));
      for (const report of reports) {
        room.emit('report:new', { caravanId: caravan.id, report });
        reportPushed(report);
      }
      await pushSummary(caravan);
    },
    /** One report changed (hidden or restored), then the summary. */
    async reportUpdated(caravan: Caravan, report: Report): Promise<void> {
      newsroom.to(caravanRoom(caravan.id)).emit('report:update', { caravanId: caravan.id, report });
      await pushSummary(caravan);
    },
    /** The caravan's summary, after a change to the caravan itself (name, route, public settings, status). */
    summaryChanged: pushSummary,
    /** Drops the summaries still waiting for their window (the app is closing). */
    close: summaries.close,
  };
}
export type Newsroom = ReturnType<typeof createNewsroom>;
