import { Type, type Static } from 'typebox';

export const CaravanId = Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'slug' });
export const ReportId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const LngLatTuple = Type.Tuple([Longitude, Latitude]);
export type LngLat = Static<typeof LngLatTuple>;
export const IsoTime = Type.String({ format: 'date-time' });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
