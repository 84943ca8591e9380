import fc from 'fast-check';
import type { TrackOrdered } from '../../src/track';

/**
 * Characters of a report id chosen to find order bugs: each end of each class of
 * `[A-Za-z0-9_-]`, and `-` < digits < upper case < `_` < lower case in bytes.
 */
const ID_CHARACTERS = ['-', '0', '9', 'A', 'Z', '_', 'a', 'z'];

/** Short ids from few characters, so that ids share prefixes and often collide. */
export const reportId = fc.string({ unit: fc.constantFrom(...ID_CHARACTERS), minLength: 1, maxLength: 3 });

const BASE_MS = Date.UTC(2024, 0, 10, 8);

/** A fix time among a few, so that many reports share one. */
export const fixTime = fc.integer({ min: 0, max: 3 }).map((step) => BASE_MS + step * 1_000);

/** Reports as track order reads them, with distinct ids (ids are unique within a caravan). */
export const orderedReports = fc.uniqueArray(
  fc.record({ id: reportId, recordedAt: fixTime.map((ms) => new Date(ms).toISOString()) }),
  { selector: (report: TrackOrdered) => report.id, maxLength: 40 },
);
