import { computed, signal } from '@preact/signals-core';
import { summarizeTrack } from '@rumbo/shared/geo';
import type { Account, CaravanSummary, Report } from '@rumbo/shared';
import { countFixedBy, isOnTrack } from '@rumbo/shared/track';
import type { Lang, Translate } from '../i18n/i18n';
import type { Units } from '../lib/units';
import type { ConnectionState } from '../realtime/newsroom-socket';
import { TrackState } from './track-state';

/** Who is signed in, as GET /api/v1/me answers. */
export type Me = Pick<Account, 'id' | 'name'> & { role: 'admin' | 'editor' | 'viewer' };

/**
 * Everything the dashboard shows, as signals: the socket and the controls write them, and each
 * part of the page (map layers, panel, list, replay) reads what it needs and redraws itself.
 */
export function createNewsroomState(options: { token: string; me: Me; lang: Lang; t: Translate; publicOrigin: string }) {
  const track = new TrackState();
  /** Bumped whenever `track` changes: reports() below recomputes from it. */
  const trackVersion = signal(0);
  const state = {
    token: options.token,
    me: options.me,
    lang: options.lang,
    t: options.t,
    /** Where readers reach Rumbo (PUBLIC_BASE_URL, else this page's origin): the links given to copy are on it. */
    publicOrigin: options.publicOrigin,
    caravans: signal<CaravanSummary[]>([]),
    caravanId: signal<string | null>(null),
    summary: signal<CaravanSummary | null>(null),
    connection: signal<ConnectionState>('offline'),
    /** Every report of the caravan (hidden and flagged included), in track order. */
    reports: computed(() => (trackVersion.value, track.reports())),
    /** Draw hidden and flagged reports (distinctly) too. */
    showHiddenAndFlagged: signal(false),
    /** Replay: the moment shown, in epoch ms; null is live. */
    replayAt: signal<number | null>(null),
    selectedReportId: signal<string | null>(null),
    /** Keep the latest position in view as it moves. */
    followLatest: signal(false),
    units: signal<Units>(localStorage.getItem('rumbo.units') === 'mi' ? 'mi' : 'km'),
    /** Account id → name, for "reported by". */
    reporterNames: signal<Record<string, string>>({}),
    replaceReports(reports: readonly Report[]) {
      track.replaceAll(reports);
      trackVersion.value++;
    },
    upsertReport(report: Report) {
      track.upsert(report);
      trackVersion.value++;
    },
  };
  /** The last replay cut, reused while the moment moves between two fixes. */
  let lastCut: { reports: readonly Report[]; count: number; view: readonly Report[] } | null = null;
  /**
   * The reports as of the moment shown: all of them live, those fixed by then in replay. Playback
   * moves the moment every frame; the same array comes back until it passes another fix, so the
   * summary below (a whole-track computation) is redone only when there is something new to show.
   */
  const viewReports = computed(() => {
    const at = state.replayAt.value;
    const reports = state.reports.value;
    if (at === null) return reports;
    const count = countFixedBy(reports, at);
    if (lastCut?.reports === reports && lastCut.count === count) return lastCut.view;
    lastCut = { reports, count, view: reports.slice(0, count) };
    return lastCut.view;
  });
  /** Whether a past moment is shown; unlike replayAt itself, it does not change on every playback frame. */
  const replaying = computed(() => state.replayAt.value !== null);
  /** The summary as of the moment shown: the server's live, recomputed from the track in replay. */
  const viewSummary = computed((): CaravanSummary | null => {
    const live = state.summary.value;
    if (!live || !replaying.value) return live;
    const reports = viewReports.value;
    const track = reports.filter(isOnTrack);
    const { caravan } = live;
    return {
      caravan,
      latest: track.at(-1) ?? null,
      reportCount: reports.length,
      metrics: summarizeTrack([caravan.origin.lng, caravan.origin.lat], track, caravan.route),
    };
  });
  return { ...state, viewReports, viewSummary };
}
export type NewsroomState = ReturnType<typeof createNewsroomState>;
