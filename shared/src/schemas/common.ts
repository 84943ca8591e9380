import { Type, type Static } from 'typebox';

export const CaravanId = Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'slug' });
export const ReportId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const LngLatTuple = Type.Tuple([Longitude, Latitude]);
export type LngLat = Static<typeof LngLatTuple>;
export const IsoTime = Type.String({ format: 'date-time' });

/**
 * A name people read on the dashboard (a caravan's, its origin's, an account's). Unicode control
 * characters (Cc) and format characters (Cf) are refused: the bidi controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E, U+200F, U+061C) reorder what follows them, so "Ana" could show as
 * someone else's name, and zero-width ones (U+200B–U+200D, U+2060, U+FEFF…) make two different
 * names look the same. Names written before this rule are shown isolated (`<bdi>`) by the pages.
 */
export const DisplayName = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: '^[^\\p{Cc}\\p{Cf}]*$',
  description: 'no control or invisible format characters (Unicode Cc, Cf: bidi controls, zero-width characters)',
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
