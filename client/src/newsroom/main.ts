import type { CaravanSummary, Report } from '@rumbo/shared';
import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, apiGet } from '../lib/api';
import { createMap } from '../map/create-map';
import { addLatestLayer } from '../map/latest-layer';
import { addTrackLayer } from '../map/track-layer';
import { connectNewsroom } from '../realtime/newsroom-socket';
import { createPanel } from './panel';
import { askForToken, signOut, storedToken } from './sign-in';
import { TrackState } from './track-state';

/** Frames the whole track, leaving room for the panel; false when there is nothing to frame. */
function fitToTrack(map: MapLibreMap, reports: readonly Report[]): boolean {
  if (reports.length === 0) return false;
  const bounds = new LngLatBounds();
  for (const report of reports) bounds.extend([report.lng, report.lat]);
  map.fitBounds(bounds, { padding: { top: 60, bottom: 60, left: 380, right: 60 }, maxZoom: 11, duration: 0 });
  return true;
}

/** Which caravan to open: `?caravan=<id>`, else the most recently active one. */
async function chooseCaravan(token: string): Promise<string | null> {
  const requested = new URLSearchParams(location.search).get('caravan');
  if (requested) return requested;
  const { caravans } = await apiGet<{ caravans: CaravanSummary[] }>('/api/v1/caravans', token);
  return caravans[0]?.caravan.id ?? null;
}

async function signedInToken(form: HTMLFormElement): Promise<string> {
  const token = storedToken();
  if (token) {
    try {
      await apiGet('/api/v1/caravans', token);
      return token;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
  }
  return askForToken(form);
}

async function main(): Promise<void> {
  const mapElement = document.getElementById('map')!;
  const panel = createPanel(document.getElementById('panel')!);
  document.querySelector('[data-action="sign-out"]')!.addEventListener('click', signOut);

  const { basemapStyleUrl } = await apiGet<{ basemapStyleUrl: string | null }>('/api/v1/client-config', null);
  const [map, token] = await Promise.all([
    createMap(mapElement, basemapStyleUrl),
    signedInToken(document.getElementById('sign-in') as HTMLFormElement),
  ]);
  map.on('idle', () => (mapElement.dataset.mapState = 'idle'));
  map.on('render', () => (mapElement.dataset.mapState = 'rendering'));

  const caravanId = await chooseCaravan(token);
  if (!caravanId) {
    document.getElementById('panel')!.hidden = false;
    document.querySelector('[data-field="caravan-name"]')!.textContent = 'No caravans yet';
    return;
  }
  const showTrack = addTrackLayer(map);
  const showLatest = addLatestLayer(map);
  const track = new TrackState();
  let latestSummary: CaravanSummary | null = null;
  let fitted = false;
  let frame = 0;
  // Bursts of pushes are merged into one redraw per animation frame.
  const redraw = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      const reports = track.reports();
      showTrack(reports);
      showLatest(latestSummary?.latest ?? null);
      mapElement.dataset.trackPoints = String(reports.length);
    });
  };
  connectNewsroom(token, caravanId, {
    snapshot: ({ summary, track: reports }) => {
      track.replaceAll(reports);
      latestSummary = summary;
      if (!fitted) fitted = fitToTrack(map, reports);
      panel.showSummary(summary);
      redraw();
    },
    report: (report) => {
      track.upsert(report);
      redraw();
    },
    summary: (summary) => {
      latestSummary = summary;
      panel.showSummary(summary);
      redraw();
    },
    connection: (state) => panel.showConnection(state),
    refused: (message) => {
      panel.showConnection('offline');
      document.querySelector('[data-field="caravan-name"]')!.textContent = `Cannot open caravan ${caravanId}: ${message}`;
      document.getElementById('panel')!.hidden = false;
    },
  });
}

main().catch((error: unknown) => {
  document.body.dataset.error = String(error);
  console.error(error);
});
