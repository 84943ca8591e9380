import { batch, effect, untracked } from '@preact/signals-core';
import type { CaravanSummary, ClientConfig, Report } from '@rumbo/shared';
import { detectLang, translatePage, translator } from '../i18n/i18n';
import { NEWSROOM_STRINGS } from '../i18n/newsroom-strings';
import { ApiError, apiGet } from '../lib/api';
import { createMap } from '../map/create-map';
import { frameBatch } from '../realtime/frame-batch';
import { connectNewsroom } from '../realtime/newsroom-socket';
import { mountAlertFeed, type AlertFeed } from './alert-feed';
import { mountAlertRules } from './alert-rules/rules-dialog';
import { mountDockLayout } from './dock-layout';
import { mountMapView } from './map-view';
import { createPanel } from './panel';
import { mountPanelSheet } from './panel-sheet';
import { mountReplay } from './replay';
import { mountReportLink } from './report-link';
import { loadReporterNames } from './reporter-names';
import { askForToken, signOut, storedToken } from './sign-in';
import { mountSkipLinks } from './skip-links';
import { createNewsroomState, type Me, type NewsroomState } from './state';

/** Which caravan to open: `?caravan=<id>`, else the most recently active one. */
function chooseCaravan(caravans: readonly CaravanSummary[]): string | null {
  const requested = new URLSearchParams(location.search).get('caravan');
  return requested ?? caravans[0]?.caravan.id ?? null;
}

/** The stored token if the server still takes it, else whatever the sign-in form gets. */
async function signIn(form: HTMLFormElement, t: ReturnType<typeof translator>): Promise<{ token: string; me: Me }> {
  const token = storedToken();
  if (token) {
    try {
      return { token, me: await apiGet<Me>('/api/v1/me', token) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
  }
  const accepted = await askForToken(form, t);
  return { token: accepted, me: await apiGet<Me>('/api/v1/me', accepted) };
}

/** Keeps the page in step with one caravan over the newsroom socket. */
function follow(state: NewsroomState, alerts: AlertFeed, caravanId: string): () => void {
  // A batch of 500 reports arrives as 500 events: the page takes them in once per frame.
  const pushed = frameBatch<Report>((reports) =>
    batch(() => {
      for (const report of reports) state.upsertReport(report);
    }),
  );
  const disconnect = connectNewsroom(state.token, caravanId, {
    snapshot: ({ summary, track }) => {
      state.replaceReports(track);
      state.summary.value = summary;
      void alerts.reload(caravanId).catch((error: unknown) => console.error('loading alerts failed', error));
    },
    report: pushed.push,
    alert: alerts.add,
    summary: (summary) => (state.summary.value = summary),
    connection: (connection) => (state.connection.value = connection),
    refused: (reason) => {
      state.connection.value = 'offline';
      document.querySelector('[data-field="caravan-name"]')!.textContent = state.t('panel.cannot-open', {
        id: caravanId,
        reason,
      });
    },
  });
  return () => {
    pushed.cancel();
    disconnect();
  };
}

async function main(): Promise<void> {
  const lang = detectLang();
  const t = translator(NEWSROOM_STRINGS, lang);
  document.documentElement.lang = lang;
  translatePage(document, t);
  const mapElement = document.getElementById('map')!;
  document.querySelector('[data-action="sign-out"]')!.addEventListener('click', signOut);

  const { basemapStyleUrl, publicBaseUrl } = await apiGet<ClientConfig>('/api/v1/client-config', null);
  const [map, { token, me }] = await Promise.all([
    createMap(mapElement, basemapStyleUrl, lang),
    signIn(document.getElementById('sign-in') as HTMLFormElement, t),
  ]);
  map.on('idle', () => (mapElement.dataset.mapState = 'idle'));
  map.on('render', () => (mapElement.dataset.mapState = 'rendering'));

  const state = createNewsroomState({ token, me, lang, t, publicOrigin: publicBaseUrl ?? location.origin });
  void loadReporterNames(state);
  const panel = document.getElementById('panel')!;
  const replay = document.getElementById('replay')!;
  createPanel(panel, state);
  const alertsSection = panel.querySelector<HTMLElement>('[data-part="alerts"]')!;
  const reportLink = mountReportLink(state);
  const alerts = mountAlertFeed(alertsSection, state, reportLink.follow);
  mountAlertRules(alertsSection, state);
  mountPanelSheet(panel, state);
  mountDockLayout(panel, replay, mapElement);
  const { caravans } = await apiGet<{ caravans: CaravanSummary[] }>('/api/v1/caravans', token);
  state.caravans.value = caravans;
  state.caravanId.value = chooseCaravan(caravans);
  mountMapView(map, state, mapElement);
  mountReplay(replay, state);
  mountSkipLinks(document.querySelector<HTMLElement>('[data-part="skip-links"]')!);

  let stop = () => {};
  // Switching caravans: the only signal this effect depends on is the caravan id.
  effect(() => {
    const caravanId = state.caravanId.value;
    untracked(() => {
      stop();
      state.replaceReports([]);
      state.summary.value = null;
      stop = caravanId ? follow(state, alerts, caravanId) : () => {};
    });
  });
}

main().catch((error: unknown) => {
  document.body.dataset.error = String(error);
  console.error(error);
});
