import type {
  Account,
  AccountCreated,
  Caravan,
  CaravanSummary,
  GpxImportResult,
  IngestResult,
  PublicSnapshot,
  PublicUpdates,
  Report,
  ReportInput,
} from '@rumbo/shared';
import { publicSummary } from '../public/public-sentence';

/** One example of each body the API answers or takes, for the OpenAPI document. */

export const exampleCaravan: Caravan = {
  id: 'caravana-2024-01',
  name: 'Caravana de enero',
  status: 'active',
  origin: { name: 'Tapachula', lng: -92.2633, lat: 14.9056 },
  public: { delayMinutes: 30, precisionKm: 2, showNotes: false },
  createdAt: '2024-01-10T08:00:00.000Z',
};

export const exampleReportInput: ReportInput = {
  id: 'r-20240112-1400',
  lng: -92.2633,
  lat: 14.9056,
  recordedAt: '2024-01-12T14:00:00Z',
  accuracyM: 12,
  headcount: 3000,
};

export const exampleReport: Report = {
  id: 'r-20240112-1400',
  caravanId: 'caravana-2024-01',
  reporterId: 'rep-0a1b2c3d4e',
  lng: -92.2633,
  lat: 14.9056,
  recordedAt: '2024-01-12T14:00:00.000Z',
  receivedAt: '2024-01-12T14:00:05.000Z',
  accuracyM: 12,
  headcount: 3000,
  source: 'api',
  hidden: false,
  flags: [],
  metrics: {
    distanceToBorderKm: 1322.498,
    side: 'MX',
    nearestBorderPoint: [-97.145, 25.957],
    nearestCrossing: { name: 'Brownsville / Matamoros', distanceKm: 1330.1 },
  },
};

export const exampleSummary: CaravanSummary = {
  caravan: exampleCaravan,
  latest: exampleReport,
  reportCount: 1,
  metrics: {
    distanceToBorderKm: 1322.498,
    nearestCrossing: { name: 'Brownsville / Matamoros', distanceKm: 1330.1 },
    traveledKm: 0,
    progressPct: 0,
    speedKmPerDay: null,
    etaDays: null,
    routeRemainingKm: null,
    lastReportAt: '2024-01-12T14:00:00.000Z',
  },
};

export const exampleIngestResult: IngestResult = {
  accepted: [{ id: exampleReport.id, duplicate: false, report: exampleReport }],
  rejected: [
    {
      index: 1,
      error: {
        code: 'invalid_report',
        message: 'lat: must be <= 90',
        details: [{ field: 'lat', rule: 'maximum', message: 'lat: must be <= 90' }],
      },
    },
  ],
};

export const exampleGpxImport: GpxImportResult = {
  imported: 7,
  duplicates: 0,
  skipped: 1,
  rejected: [],
  waypoints: 3,
  routePoints: 0,
};

export const exampleAccount: Account = {
  id: 'rep-0a1b2c3d4e',
  name: 'Marta',
  role: 'reporter',
  caravans: ['caravana-2024-01'],
  currentCaravanId: 'caravana-2024-01',
  createdAt: '2024-01-10T08:05:00.000Z',
  revokedAt: null,
  lastHeartbeatAt: '2024-01-12T14:05:00.000Z',
  lastPhoneFixAt: '2024-01-12T13:20:00.000Z',
};

export const exampleAccountCreated: AccountCreated = {
  ...exampleAccount,
  token: 'q6XkR2mZ0vYb8pT3wN5sL1cJ7hD9fG4e',
  deviceId: 'k7m2p9x4r8t3w6y5',
};

const exampleSnapshotValues = {
  caravan: { id: 'caravana-2024-01', name: 'Caravana de enero' },
  delayMinutes: 30,
  precisionKm: 2,
  releasedUntil: '2024-01-12T14:30:00.000Z',
  latest: { lng: -92.26, lat: 14.91, recordedAt: '2024-01-12T14:00:00.000Z' },
  metrics: {
    distanceToBorderKm: 1322,
    nearestCrossing: { name: 'Brownsville / Matamoros', distanceKm: 1330 },
    traveledKm: 0,
    progressPct: 0,
    speedKmPerDay: null,
    etaDays: null,
  },
  track: [[-92.26, 14.91]],
  notes: [],
} satisfies Omit<PublicSnapshot, 'summary'>;

export const examplePublicSnapshot: PublicSnapshot = { ...exampleSnapshotValues, summary: publicSummary(exampleSnapshotValues) };

const { track: _track, ...examplePublicHead } = examplePublicSnapshot;

/** The snapshot head half an hour on: one cell further, its sentence said again. */
function exampleUpdatedHead() {
  const head = {
    ...examplePublicHead,
    releasedUntil: '2024-01-12T15:00:00.000Z',
    latest: { lng: -92.28, lat: 14.93, recordedAt: '2024-01-12T14:30:00.000Z' },
    metrics: { ...examplePublicSnapshot.metrics, distanceToBorderKm: 1320, traveledKm: 2 },
  };
  return { ...head, summary: publicSummary(head) };
}

/** A reader that held the snapshot of 14:00 asks at 14:35: the caravan moved one cell on. */
export const examplePublicUpdates: PublicUpdates = {
  kind: 'diff',
  base: '"m3Bq2xYb0cOdJ9u1tWk5sVv7rLp"',
  etag: '"Q8nT4fZc2hHs6aKx0eRjLm1uWyD"',
  keep: 1,
  append: [[-92.28, 14.93]],
  snapshot: exampleUpdatedHead(),
};
