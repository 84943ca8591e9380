import { Type, type Static } from 'typebox';
import { LIMITS } from '../constants';
import { CaravanId, DisplayName, IsoTime, Latitude, Longitude, LngLatTuple } from './common';
import { NearestCrossing, Report } from './report';

export const Origin = Type.Object({ name: DisplayName, lng: Longitude, lat: Latitude }, { additionalProperties: false });

export const RouteLine = Type.Object(
  {
    type: Type.Literal('LineString'),
    coordinates: Type.Array(LngLatTuple, { minItems: 2, maxItems: LIMITS.routePoints }),
  },
  { additionalProperties: false },
);
export type RouteLine = Static<typeof RouteLine>;

export const PublicSettings = Type.Object(
  {
    delayMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }),
    precisionKm: Type.Number({ minimum: 0.5, maximum: 100 }),
    showNotes: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PublicSettings = Static<typeof PublicSettings>;

export const CaravanStatus = Type.Union([Type.Literal('active'), Type.Literal('archived')]);

export const Caravan = Type.Object({
  id: CaravanId,
  name: Type.String(),
  status: CaravanStatus,
  origin: Origin,
  route: Type.Optional(RouteLine),
  public: PublicSettings,
  createdAt: IsoTime,
});
export type Caravan = Static<typeof Caravan>;

export const CaravanInput = Type.Object(
  {
    id: CaravanId,
    name: DisplayName,
    origin: Type.Optional(Origin),
    route: Type.Optional(RouteLine),
    public: Type.Optional(Type.Partial(PublicSettings, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CaravanInput = Static<typeof CaravanInput>;

/** PATCH: any of name, status, route (null removes it) and public settings (merged). */
export const CaravanPatch = Type.Object(
  {
    name: Type.Optional(DisplayName),
    status: Type.Optional(CaravanStatus),
    route: Type.Optional(Type.Union([RouteLine, Type.Null()])),
    public: Type.Optional(Type.Partial(PublicSettings, { additionalProperties: false })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CaravanPatch = Static<typeof CaravanPatch>;

export const CaravanMetrics = Type.Object({
  distanceToBorderKm: Type.Union([Type.Number(), Type.Null()]),
  nearestCrossing: Type.Union([NearestCrossing, Type.Null()]),
  traveledKm: Type.Number(),
  progressPct: Type.Union([Type.Number(), Type.Null()]),
  speedKmPerDay: Type.Union([Type.Number(), Type.Null()]),
  etaDays: Type.Union([Type.Number(), Type.Null()]),
  /** Along the planned route, from the point of it nearest the latest fix; null without a route. */
  routeRemainingKm: Type.Union([Type.Number(), Type.Null()]),
  lastReportAt: Type.Union([IsoTime, Type.Null()]),
});
export type CaravanMetrics = Static<typeof CaravanMetrics>;

export const CaravanSummary = Type.Object({
  caravan: Caravan,
  latest: Type.Union([Report, Type.Null()]),
  reportCount: Type.Integer(),
  metrics: CaravanMetrics,
});
export type CaravanSummary = Static<typeof CaravanSummary>;

/** What `caravan:join` acknowledges on the newsroom socket: the summary and the whole track. */
export const NewsroomSnapshot = Type.Object({ summary: CaravanSummary, track: Type.Array(Report) });
export type NewsroomSnapshot = Static<typeof NewsroomSnapshot>;

/** Every caravan's summary, most recently active first. */
export const CaravanList = Type.Object({ caravans: Type.Array(CaravanSummary) });
export type CaravanList = Static<typeof CaravanList>;

/** The path parameters of every route under `/caravans/:caravanId`. */
export const CaravanParams = Type.Object({ caravanId: CaravanId }, { additionalProperties: false });
