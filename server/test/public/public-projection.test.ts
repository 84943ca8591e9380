import type { Caravan, Report } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { publicProjection, releasedUntil } from '../../src/public/public-projection';
import { snapToGrid } from '../../src/public/snap-to-grid';
import { makeCaravan, makeReport } from '../helper';

const NOW = Date.UTC(2024, 0, 10, 12, 0, 30);
const caravan: Caravan = { ...makeCaravan('public-unit'), public: { delayMinutes: 30, precisionKm: 2, showNotes: false } };
/** A fix `minutesAgo` before NOW that arrived a second after it was taken. */
const at = (minutesAgo: number, lng: number, lat: number, extra: Partial<Report> = {}): Report => ({
  ...makeReport(
    caravan.id,
    {
      id: `r-${minutesAgo}`,
      lng,
      lat,
      recordedAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
      accuracyM: 7,
      altitudeM: 30,
      note: 'Estamos en el parque central',
    },
    { receivedAt: new Date(NOW - minutesAgo * 60_000 + 1_000) },
  ),
  reporterId: 'rep-secret01',
  ...extra,
});

describe('snapToGrid', () => {
  it('puts nearby fixes in the same cell and keeps nothing finer than the cell', () => {
    const a = snapToGrid([-92.2633, 14.9056], 2);
    expect(snapToGrid([-92.2634, 14.9057], 2)).toEqual(a);
    expect(Math.abs(a[1] - 14.9056) * 111.32).toBeLessThanOrEqual(1.0001);
    expect(snapToGrid([-92.2633, 14.9056], 10)).not.toEqual(a);
  });
});

describe('publicProjection', () => {
  it('keeps only visible, unflagged fixes at least delayMinutes old, snapped, without identity or device fields', () => {
    const reports = [
      at(200, -92.26331, 14.90561),
      at(90, -92.46512, 15.13934, { hidden: true }),
      at(60, -92.65921, 15.32752, { flags: ['implausible_speed'] }),
      at(45, -92.89713, 15.44022),
      at(10, -93.21045, 15.68624),
    ];
    const snapshot = publicProjection(caravan, reports, NOW);
    const body = JSON.stringify(snapshot);
    // The only public fix of the window 10:00–11:30 shows at its end, never at its own time.
    expect(snapshot.latest).toMatchObject({ recordedAt: '2024-01-10T11:30:00.000Z' });
    expect([snapshot.latest!.lng, snapshot.latest!.lat]).toEqual(snapToGrid([-92.89713, 15.44022], 2));
    expect(snapshot.track).toEqual([snapToGrid([-92.26331, 14.90561], 2), snapToGrid([-92.89713, 15.44022], 2)]);
    for (const secret of [
      '-92.26331',
      '14.90561',
      '-92.46512',
      '-92.65921',
      '-93.21045',
      '15.68624',
      'rep-secret01',
      'parque',
      'accuracyM',
      'altitudeM',
      'source',
      'flags',
      'reporterId',
      'hidden',
    ]) {
      expect(body, secret).not.toContain(secret);
    }
    expect(snapshot.releasedUntil).toBe(new Date(releasedUntil(caravan, NOW)).toISOString());
  });

  it('shows notes only when the caravan allows, and rounds metrics to the precision', () => {
    const reports = [at(120, -92.26331, 14.90561), at(45, -92.89713, 15.44022)];
    expect(JSON.stringify(publicProjection(caravan, reports, NOW))).not.toContain('parque');
    const open = publicProjection({ ...caravan, public: { ...caravan.public, showNotes: true } }, reports, NOW);
    // A note shows at the end of the 90-minute span it was written in: the 11:15 one only from 12:00 on.
    expect(open.notes).toEqual([
      expect.objectContaining({ recordedAt: '2024-01-10T10:30:00.000Z', note: 'Estamos en el parque central' }),
    ]);
    const later = publicProjection({ ...caravan, public: { ...caravan.public, showNotes: true } }, reports, NOW + 30 * 60_000);
    expect(later.notes.map((note) => note.recordedAt)).toEqual(['2024-01-10T10:30:00.000Z', '2024-01-10T12:00:00.000Z']);
    expect(open.metrics.distanceToBorderKm! % 2).toBe(0);
    expect(open.metrics.traveledKm % 2).toBe(0);
  });

  it('has an empty projection until the first fix is old enough', () => {
    const snapshot = publicProjection(caravan, [at(5, -92.26331, 14.90561)], NOW);
    expect(snapshot).toMatchObject({ latest: null, track: [], notes: [], metrics: { distanceToBorderKm: null, traveledKm: 0 } });
  });
});
