import { Type, type Static } from 'typebox';
import { LIMITS, type Flag, type Source } from '../constants';
import { CaravanId, IsoTime, Latitude, Longitude, LngLatTuple, ReportId } from './common';

/** What a reporter sends: one position fix. Unknown fields are refused. */
export const ReportInput = Type.Object(
  {
    id: Type.Optional(ReportId),
    lng: Longitude,
    lat: Latitude,
    recordedAt: Type.Union([IsoTime, Type.Integer({ minimum: 0 })], {
      description: 'fix time: ISO 8601 string or epoch milliseconds',
    }),
    accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    altitudeM: Type.Optional(Type.Number({ minimum: -1_000, maximum: 10_000 })),
    speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 2_000 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    headcount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    note: Type.Optional(Type.String({ maxLength: LIMITS.noteChars })),
  },
  { additionalProperties: false },
);
export type ReportInput = Static<typeof ReportInput>;

/** A batch: `{ reports: [...] }`; each item is validated on its own. */
export const ReportBatch = Type.Object(
  { reports: Type.Array(Type.Unknown(), { maxItems: LIMITS.batchReports }) },
  { additionalProperties: false },
);

export const NearestCrossing = Type.Object({ name: Type.String(), distanceKm: Type.Number() });
export type NearestCrossing = Static<typeof NearestCrossing>;

/**
 * Where a position is, in words: the nearest populated place of the bundled gazetteer (GeoNames)
 * with its first-level division. `within` when the position lies inside the place's radius
 * ("in Arriaga"), else "near Arriaga". Names are the gazetteer's (local spelling); `country` is
 * ISO 3166-1 alpha-2, for the pages to name in the reader's language.
 */
export const Place = Type.Object({
  name: Type.String(),
  state: Type.String(),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
  distanceKm: Type.Number({ minimum: 0 }),
  within: Type.Boolean(),
});
export type Place = Static<typeof Place>;

export const ReportMetrics = Type.Object({
  distanceToBorderKm: Type.Number({ minimum: 0 }),
  side: Type.Union([Type.Literal('MX'), Type.Literal('US')]),
  nearestBorderPoint: LngLatTuple,
  nearestCrossing: NearestCrossing,
  /** Absent on reports stored before places were named, and where no place is within reach. */
  place: Type.Optional(Place),
});
export type ReportMetrics = Static<typeof ReportMetrics>;

export const Report = Type.Object({
  id: ReportId,
  caravanId: CaravanId,
  reporterId: Type.String(),
  lng: Longitude,
  lat: Latitude,
  recordedAt: IsoTime,
  receivedAt: IsoTime,
  accuracyM: Type.Optional(Type.Number()),
  altitudeM: Type.Optional(Type.Number()),
  speedKmh: Type.Optional(Type.Number()),
  headingDeg: Type.Optional(Type.Number()),
  headcount: Type.Optional(Type.Integer()),
  note: Type.Optional(Type.String()),
  source: Type.Union([
    Type.Literal('api'),
    Type.Literal('web'),
    Type.Literal('osmand'),
    Type.Literal('owntracks'),
    Type.Literal('gpx'),
    Type.Literal('demo'),
  ]) satisfies { anyOf: { const: Source }[] },
  hidden: Type.Boolean(),
  flags: Type.Array(
    Type.Union([
      Type.Literal('implausible_speed'),
      Type.Literal('low_accuracy'),
      Type.Literal('clock_skew'),
      Type.Literal('clock_behind'),
    ]) satisfies {
      anyOf: { const: Flag }[];
    },
  ),
  metrics: ReportMetrics,
});
export type Report = Static<typeof Report>;

export const AcceptedReport = Type.Object(
  { id: ReportId, duplicate: Type.Boolean(), report: Type.Optional(Report) },
  {
    description:
      'One accepted item. `report` is the stored report, shown only to a caller who may read it: staff, or the ' +
      'reporter who posted it. Re-sending another reporter’s id answers `{ id, duplicate: true }` and nothing more.',
  },
);
export const RejectedReport = Type.Object({
  index: Type.Integer(),
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Array(Type.Unknown())) }),
});
export const IngestResult = Type.Object({
  accepted: Type.Array(AcceptedReport),
  rejected: Type.Array(RejectedReport),
});
export type IngestResult = Static<typeof IngestResult>;

/** Stored reports in track order (by `recordedAt`). */
export const ReportList = Type.Object({ reports: Type.Array(Report) });
export type ReportList = Static<typeof ReportList>;

/** What importing a GPX file did, point by point, counted. Only track points become reports. */
export const GpxImportResult = Type.Object({
  /** Newly stored. */
  imported: Type.Integer({ minimum: 0 }),
  /** Already stored (an earlier upload of the same points). */
  duplicates: Type.Integer({ minimum: 0 }),
  /** Track points without a time, so not imported. */
  skipped: Type.Integer({ minimum: 0 }),
  /** Refused by ingest; `index` is the track point's place among the file's track points, from 0. */
  rejected: Type.Array(RejectedReport),
  waypoints: Type.Integer({
    minimum: 0,
    description: 'Waypoints (`<wpt>`) in the file: points of interest, not fixes, so never imported.',
  }),
  routePoints: Type.Integer({
    minimum: 0,
    description: 'Route points (`<rtept>`) in the file: a plan, not fixes, so never imported.',
  }),
});
export type GpxImportResult = Static<typeof GpxImportResult>;
