import { etagOf } from './etag';
import type { Caravan, PublicSnapshot } from '@rumbo/shared';
import { countFixedBy } from '@rumbo/shared/track';
import type { CaravanCache } from '../services/caravan-cache';
import type { TrackStore } from '../store/track-store';
import {
  NOTHING_RELEASED,
  projectionSettings,
  publicSnapshot,
  releaseFixes,
  releasedUntil,
  type ReleasedTrack,
} from './public-projection';
import { publicUpdates } from './public-updates';
import { PAGE_REPORTS, reportPages } from './report-pages';

/** How long this instance trusts a snapshot before asking the store whether it still holds. */
const CACHE_MS = 5_000;
/**
 * How often the released track is read again in full, in the background, while the checked
 * snapshot goes on serving: a backstop. The cheap checks see every new report by the store's
 * report count and every hide or restore, on any instance, by its moderation count.
 */
const FULL_READ_MS = 60_000;
/**
 * Release steps per caravan whose last snapshot this instance keeps as bases for updates. Readers
 * poll every minute or so and steps are at least a minute long, so a reader is rarely more than a
 * step behind; one further back (a phone that slept) gets the whole snapshot.
 */
const RECENT_STEPS = 8;

export interface PublicView {
  snapshot: PublicSnapshot;
  /** Strong ETag of the JSON body. */
  etag: string;
  body: string;
}

export interface PublicViewsSources {
  store: TrackStore;
  /** Caravans as every path reads them (forgotten on every instance when they change). */
  caravans: Pick<CaravanCache, 'get'>;
}

export interface PublicViewsOptions {
  now?: () => number;
  /** Reports read from the store at a time. */
  pageReports?: number;
  /** How often the released track is read again in full (FULL_READ_MS). */
  fullReadMs?: number;
}

/** A caravan's released track as this instance last read it, and the view made of it. */
interface Released {
  /** Everything of the caravan the projection depends on, besides its reports and the time. */
  settings: string;
  until: number;
  track: ReleasedTrack;
  /** Stored reports (any visibility) fixed at or before `until`, as counted while reading them. */
  reportsUpToUntil: number;
  /** The store's report count when the snapshot was last found to hold. */
  reportCount: number;
  /** The store's revision count (hides, restores, fixes judged again, on any instance) the track was read after. */
  revisionCount: number;
  checkedAt: number;
  /** When the full read this track grew from began. */
  fullReadAt: number;
  view: PublicView;
}

/** A full read overtaken by a change to the caravan (invalidate) before it ended. */
class OvertakenByChange extends Error {}

function viewOf(snapshot: PublicSnapshot): PublicView {
  const body = JSON.stringify(snapshot);
  return { snapshot, body, etag: etagOf(body) };
}

/**
 * The cache and paging around the public projection (public-projection.ts), for this server
 * instance: no rule of what the public may see is here, only when to compute it and from what.
 * Per caravan it keeps the released track already projected; when the release point moves on
 * (every minute) it reads only the reports fixed since, and it compares the store's report count
 * with what it has read, so a late fix landing in the released past is seen and the whole track
 * read again. One computation per caravan at a time, shared by every request that waits for it.
 * A change made on this instance (a hidden report, new settings) drops the caravan's state at once.
 */
export function createPublicViews(
  { store, caravans }: PublicViewsSources,
  { now = Date.now, pageReports = PAGE_REPORTS, fullReadMs = FULL_READ_MS }: PublicViewsOptions = {},
) {
  const released = new Map<string, Released>();
  const inFlight = new Map<string, { key: string; promise: Promise<PublicView> }>();
  const fullReads = new Set<string>();
  /** Bumped by invalidate: work begun before a change never becomes the caravan's state. */
  const generations = new Map<string, number>();
  const generationOf = (caravanId: string) => generations.get(caravanId) ?? 0;
  /** Per caravan, the last view served at each recent release step (by its time), oldest first. */
  const recent = new Map<string, Map<number, PublicView>>();

  /** Null for unknown and archived caravans: they are not public. */
  async function view(caravanId: string): Promise<PublicView | null> {
    const caravan = await caravans.get(caravanId);
    if (caravan && caravan.status !== 'archived') return remember(caravanId, await currentView(caravan));
    released.delete(caravanId);
    recent.delete(caravanId);
    return null;
  }

  function remember(caravanId: string, served: PublicView): PublicView {
    const until = Date.parse(served.snapshot.releasedUntil);
    let steps = recent.get(caravanId);
    if (!steps) recent.set(caravanId, (steps = new Map()));
    if (steps.get(until) === served) return served;
    steps.delete(until);
    steps.set(until, served);
    if (steps.size > RECENT_STEPS) steps.delete(steps.keys().next().value!);
    return served;
  }

  /**
   * What changed for a reader holding the snapshot of the release step `sinceMs` (its
   * `releasedUntil`), with the current view it leads to; null when the caravan is not public.
   */
  async function updates(caravanId: string, sinceMs: number) {
    const current = await view(caravanId);
    if (!current) return null;
    return { current, updates: publicUpdates(recent.get(caravanId)?.get(sinceMs), current) };
  }

  function currentView(caravan: Caravan): Promise<PublicView> {
    const time = now();
    const until = releasedUntil(caravan, time);
    const settings = projectionSettings(caravan);
    const state = released.get(caravan.id);
    if (state && state.settings === settings && state.until === until && time - state.checkedAt < CACHE_MS)
      return Promise.resolve(state.view);
    const key = `${generationOf(caravan.id)}:${until}:${settings}`;
    const flight = inFlight.get(caravan.id);
    if (flight?.key === key) return flight.promise;
    const promise = refresh(caravan, time, until, settings).finally(() => {
      if (inFlight.get(caravan.id)?.promise === promise) inFlight.delete(caravan.id);
    });
    inFlight.set(caravan.id, { key, promise });
    return promise;
  }

  async function refresh(caravan: Caravan, time: number, until: number, settings: string): Promise<PublicView> {
    const state = released.get(caravan.id);
    const usable = state?.settings === settings && state.until <= until ? state : null;
    try {
      const next =
        (usable && (await carriedForward(caravan, usable, time, until))) || (await fullRead(caravan, time, until, settings));
      if (time - next.fullReadAt >= fullReadMs) fullReadInBackground(caravan);
      return next.view;
    } catch (error) {
      // A change made while reading: the requests waiting here share the computation after it.
      if (error instanceof OvertakenByChange) return currentView(caravan);
      throw error;
    }
  }

  /**
   * The state carried forward to `until` with the reports fixed after the state's own `until`;
   * null when the store holds a report in the released past that the state has not seen, or when
   * a fix the state withheld (it arrived late) is now old enough to show.
   */
  async function carriedForward(caravan: Caravan, state: Released, time: number, until: number): Promise<Released | null> {
    const generation = generationOf(caravan.id);
    const { withheldUntil } = state.track;
    if (withheldUntil !== null && until >= withheldUntil) return null;
    if (until === state.until && state.reportCount >= 0) {
      const { reportCount, revisionCount } = await store.trackFacts(caravan.id);
      // A stored report changed since the track was read (hidden, restored, judged again; here or on another instance).
      if (revisionCount !== state.revisionCount) return null;
      // No report stored since the last check: nothing to read.
      if (reportCount === state.reportCount) return saveUnlessChanged(caravan.id, generation, { ...state, checkedAt: time });
    }
    let track = state.track;
    let newlyFixedBy = 0;
    let later = 0;
    for await (const page of reportPages(store, caravan.id, { sinceMs: state.until + 1 }, pageReports)) {
      const fixedBy = page.slice(0, countFixedBy(page, until));
      track = releaseFixes(caravan, track, fixedBy, until);
      newlyFixedBy += fixedBy.length;
      later += page.length - fixedBy.length;
    }
    // Counted after reading: a report stored meanwhile can only make the sum differ (a full read),
    // never hide a late one.
    const { reportCount, revisionCount } = await store.trackFacts(caravan.id);
    if (revisionCount !== state.revisionCount) return null;
    if (reportCount !== state.reportsUpToUntil + newlyFixedBy + later) return null;
    const moved = until !== state.until;
    return saveUnlessChanged(caravan.id, generation, {
      ...state,
      until,
      track: moved ? track : state.track,
      reportsUpToUntil: state.reportsUpToUntil + newlyFixedBy,
      reportCount,
      checkedAt: time,
      view: moved ? viewOf(publicSnapshot(caravan, track, until)) : state.view,
    });
  }

  /** The released track read from the start, page by page. */
  async function fullRead(caravan: Caravan, time: number, until: number, settings: string): Promise<Released> {
    const generation = generationOf(caravan.id);
    // Read before the pages: a hide while they are read shows as a changed count at the next check.
    const { revisionCount } = await store.trackFacts(caravan.id);
    let track = NOTHING_RELEASED;
    let reportsUpToUntil = 0;
    for await (const page of reportPages(store, caravan.id, { untilMs: until }, pageReports)) {
      // A burst of changes (a phone's queue of old fixes, batch by batch) stops each stale read.
      if (generationOf(caravan.id) !== generation) throw new OvertakenByChange();
      track = releaseFixes(caravan, track, page, until);
      reportsUpToUntil += page.length;
    }
    return saveUnlessChanged(caravan.id, generation, {
      settings,
      until,
      track,
      reportsUpToUntil,
      // Not yet compared with the store: the first check reads what came after `until`.
      reportCount: -1,
      revisionCount,
      checkedAt: time,
      fullReadAt: time,
      view: viewOf(publicSnapshot(caravan, track, until)),
    });
  }

  /** Stores a caravan's new state, unless a change was made since the work began. */
  function saveUnlessChanged(caravanId: string, generation: number, next: Released): Released {
    if (generationOf(caravanId) === generation) released.set(caravanId, next);
    return next;
  }

  /** The periodic full read, one per caravan at a time; requests go on with the checked snapshot. */
  function fullReadInBackground(caravan: Caravan): void {
    if (fullReads.has(caravan.id)) return;
    fullReads.add(caravan.id);
    const time = now();
    void fullRead(caravan, time, releasedUntil(caravan, time), projectionSettings(caravan))
      .catch(() => undefined)
      .finally(() => fullReads.delete(caravan.id));
  }

  return {
    view,
    updates,
    now,
    /** Forget a caravan's state after a change: the next request reads its track again in full. */
    invalidate(caravanId: string): void {
      generations.set(caravanId, generationOf(caravanId) + 1);
      released.delete(caravanId);
      inFlight.delete(caravanId);
    },
  };
}
export type PublicViews = ReturnType<typeof createPublicViews>;
