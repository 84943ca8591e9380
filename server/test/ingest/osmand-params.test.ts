import { describe, expect, it } from 'vitest';
import { osmandDeviceId, osmandFix } from '../../src/ingest/osmand-params';

const params = (query: string) => new URLSearchParams(query);
const FIX = 'lat=15&lon=-92.5&timestamp=1705060800';
/** When the request arrived: the fix time of a fix sent without one. */
const ARRIVED_MS = Date.UTC(2024, 0, 12, 14);

describe('osmandFix', () => {
  it('reads speed as knots (Traccar Client) unless hdop marks OsmAnd’s template, where it is m/s', () => {
    expect(osmandFix(params(`${FIX}&speed=10`), ARRIVED_MS).report.speedKmh).toBe(18.52);
    expect(osmandFix(params(`${FIX}&speed=10&hdop=4`), ARRIVED_MS).report.speedKmh).toBe(36);
  });

  it('leaves out the −1 that iOS reports for an unknown speed or course, and NaN or empty values', () => {
    const { report } = osmandFix(params(`${FIX}&speed=-1.94384&bearing=-1&altitude=NaN&accuracy=`), ARRIVED_MS);
    expect(report).toEqual({ lat: 15, lng: -92.5, recordedAt: 1_705_060_800_000 });
  });

  it('takes accuracy over hdop, and bearing over heading, naming the one it used', () => {
    const fix = osmandFix(params(`${FIX}&accuracy=3&hdop=9&bearing=90&heading=180`), ARRIVED_MS);
    expect(fix.report).toMatchObject({ accuracyM: 3, headingDeg: 90 });
    expect(fix.names).toMatchObject({ accuracyM: 'accuracy', headingDeg: 'bearing', lng: 'lon', recordedAt: 'timestamp' });
    expect(osmandFix(params(`${FIX}&hdop=9&heading=180`), ARRIVED_MS).names).toMatchObject({
      accuracyM: 'hdop',
      headingDeg: 'heading',
    });
  });

  it('times a fix sent without a timestamp at its arrival, as Traccar’s server does', () => {
    const fix = osmandFix(params('lat=15&lon=-92.5&speed=0.0'), ARRIVED_MS);
    expect(fix.report).toEqual({ lat: 15, lng: -92.5, recordedAt: ARRIVED_MS, speedKmh: 0 });
  });

  it('refuses a position with only one coordinate, naming the missing one', () => {
    expect(() => osmandFix(params('lat=15&timestamp=1705060800'), ARRIVED_MS)).toThrowError('lon: is required');
  });

  it('refuses numbers JavaScript would bend (hex, blanks, Infinity) and a malformed location', () => {
    for (const bad of ['0x10', ' 15', 'Infinity', '15,5']) {
      expect(() => osmandFix(params(`lat=${encodeURIComponent(bad)}&lon=-92.5&timestamp=1705060800`), ARRIVED_MS)).toThrowError(
        'lat: must be a number',
      );
    }
    expect(() => osmandFix(params('location=15&timestamp=1705060800'), ARRIVED_MS)).toThrowError(/^location: must be "lat,lon"/);
    expect(() => osmandFix(params('location=15,-92.5,3&timestamp=1705060800'), ARRIVED_MS)).toThrowError(
      /^location: must be "lat,lon"/,
    );
  });
});

describe('osmandDeviceId', () => {
  it('takes id, else deviceid, and treats an empty one as missing', () => {
    expect(osmandDeviceId(params('id=abc&deviceid=def'))).toBe('abc');
    expect(osmandDeviceId(params('deviceid=def'))).toBe('def');
    expect(osmandDeviceId(params('id=&lat=1'))).toBeNull();
  });
});
