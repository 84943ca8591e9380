import { Type, type Static } from 'typebox';
import { CaravanId, IsoTime, Latitude, Longitude } from './common';
import { CaravanMetrics } from './caravan';
import { Place } from './report';

/**
 * What leaves through the public API, the `/public` socket and the embed: delayed, coarsened,
 * anonymous. Built by one server function (server/src/public/public-projection.ts) and nothing
 * else; it has no field for a reporter, device, accuracy, altitude, source or flag.
 */
export const PublicPoint = Type.Object({
  lng: Longitude,
  lat: Latitude,
  recordedAt: IsoTime,
  headcount: Type.Optional(Type.Integer()),
  /** Only when the caravan's public settings show notes. */
  note: Type.Optional(Type.String()),
});
export type PublicPoint = Static<typeof PublicPoint>;

/** The newest public point, and where it is in words. */
export const PublicLatest = Type.Object({
  ...PublicPoint.properties,
  /** Named from the snapped position, only among places at least as large as the grid. */
  place: Type.Optional(Place),
});
export type PublicLatest = Static<typeof PublicLatest>;

/**
 * The snapshot in one sentence per language ("As of 2:30 p.m. CST on December 5, the caravan was
 * near Arriaga, …"): made of the snapshot's own values, for live blogs and screen readers.
 */
export const PublicSummary = Type.Object({ en: Type.String(), es: Type.String() });
export type PublicSummary = Static<typeof PublicSummary>;

export const PublicSnapshot = Type.Object({
  caravan: Type.Object({ id: CaravanId, name: Type.String() }),
  /** Positions are at least this old… */
  delayMinutes: Type.Integer(),
  /** …and snapped to a grid this coarse. */
  precisionKm: Type.Number(),
  /** Fixes fixed and arrived up to this moment are included: now − delay, rounded down to the public step. */
  releasedUntil: IsoTime,
  latest: Type.Union([PublicLatest, Type.Null()]),
  /** The newsroom's metrics of the snapped track, rounded to the grid; no route or report times. */
  metrics: Type.Pick(CaravanMetrics, [
    'distanceToBorderKm',
    'nearestCrossing',
    'traveledKm',
    'progressPct',
    'speedKmPerDay',
    'etaDays',
  ]),
  /** The simplified track of grid cells, [lng, lat], oldest first. */
  track: Type.Array(Type.Tuple([Longitude, Latitude])),
  /** Recent notes, when the caravan shows them. */
  notes: Type.Array(PublicPoint),
  summary: PublicSummary,
});
export type PublicSnapshot = Static<typeof PublicSnapshot>;

/** The snapshot without its track: the part of an update that is sent whole. */
export const PublicSnapshotHead = Type.Omit(PublicSnapshot, ['track']);
export type PublicSnapshotHead = Static<typeof PublicSnapshotHead>;

/**
 * What changed in the public snapshot since a release step, for a reader that holds the snapshot
 * of that step (`GET /api/v1/public/caravans/:id/updates?since=<its releasedUntil>`). Every value
 * in it is a value of the current snapshot; `etag` is the current snapshot's ETag and `base` the
 * one the diff applies to. A reader whose own ETag is not the one named reads the snapshot again.
 */
export const PublicUpdates = Type.Union([
  Type.Object(
    { kind: Type.Literal('same'), etag: Type.String() },
    { description: 'The snapshot of that step is still the current one.' },
  ),
  Type.Object(
    {
      kind: Type.Literal('diff'),
      base: Type.String(),
      etag: Type.String(),
      /** Track points of the base kept, from its start; `append` follows them. */
      keep: Type.Integer({ minimum: 0 }),
      append: Type.Array(Type.Tuple([Longitude, Latitude])),
      snapshot: PublicSnapshotHead,
    },
    { description: 'Apply to the snapshot whose ETag is `base`: track = base.track[0, keep) + append, the rest as given.' },
  ),
  Type.Object(
    { kind: Type.Literal('snapshot'), etag: Type.String(), snapshot: PublicSnapshot },
    { description: 'The whole current snapshot (the server no longer holds that step, or `since` is no step of it).' },
  ),
]);
export type PublicUpdates = Static<typeof PublicUpdates>;

export const PublicUpdatesQuery = Type.Object(
  { since: Type.String({ format: 'date-time', description: 'the `releasedUntil` of the snapshot the reader holds' }) },
  { additionalProperties: false },
);
export type PublicUpdatesQuery = Static<typeof PublicUpdatesQuery>;

/** Bounds of a static map image's sides, in pixels: a thumbnail at the least, a retina social card at the most. */
export const MAP_IMAGE_MIN_PX = 200;
export const MAP_IMAGE_MAX_PX = 2400;
const MapImageSide = (description: string) => Type.Integer({ minimum: MAP_IMAGE_MIN_PX, maximum: MAP_IMAGE_MAX_PX, description });

export const PublicMapQuery = Type.Object(
  {
    w: Type.Optional(MapImageSide('width in pixels (default 1200; with only `h` given, 4/3 of it)')),
    h: Type.Optional(MapImageSide('height in pixels (default 630; with only `w` given, 3/4 of it)')),
    lang: Type.Optional(Type.Enum(['en', 'es'], { description: 'language of the words (default en)' })),
    theme: Type.Optional(Type.Enum(['light', 'dark'], { description: 'colours (default light)' })),
  },
  { additionalProperties: false },
);
export type PublicMapQuery = Static<typeof PublicMapQuery>;
