/** Limits and defaults that both sides of the wire agree on. */
export const LIMITS = {
  noteChars: 500,
  batchReports: 500,
  listDefault: 1_000,
  listMax: 10_000,
  idChars: 64,
  routePoints: 20_000,
} as const;

/** Fix times before this are refused: a phone clock that reset to 1970 or year 0. */
export const EARLIEST_FIX_MS = Date.UTC(2000, 0, 1);

/** A fix time more than this far ahead of its arrival is flagged `clock_skew`. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const DEFAULT_ORIGIN = { name: 'Tapachula', lng: -92.2633, lat: 14.9056 } as const;

export const DEFAULT_PUBLIC = { delayMinutes: 30, precisionKm: 2, showNotes: false } as const;

export const SOURCES = ['api', 'web', 'osmand', 'owntracks', 'gpx', 'demo'] as const;
export type Source = (typeof SOURCES)[number];

export const FLAGS = ['implausible_speed', 'low_accuracy', 'clock_skew', 'clock_behind'] as const;
export type Flag = (typeof FLAGS)[number];

/**
 * Flags that tell staff something about a fix without doubting where it was: it stays on the track.
 * `clock_behind`: the fix time is further behind its arrival than the caravan's delay (at least
 * CLOCK_SKEW_MS): a phone clock that runs behind, or a queue sent late. The public sees it only once
 * its arrival is a delay old (server/src/public/public-projection.ts).
 */
export const NOTICE_FLAGS: readonly Flag[] = ['clock_behind'];
