import { describe, expect, it } from 'vitest';
import { osmandDeviceId, osmandFix } from '../../src/ingest/osmand-params';

const params = (query: string) => new URLSearchParams(query);
const FIX = 'lat=15&lon=-92.5&timestamp=1705060800';

describe('osmandFix', () => {
  it('reads speed as knots (Traccar Client) unless hdop marks OsmAnd’s template, where it is m/s', () => {
    expect(osmandFix(params(`${FIX}&speed=10`)).report.speedKmh).toBe(18.52);
    expect(osmandFix(params(`${FIX}&speed=10&hdop=4`)).report.speedKmh).toBe(36);
  });

  it('leaves out the −1 that iOS reports for an unknown speed or course, and NaN or empty values', () => {
    const { report } = osmandFix(params(`${FIX}&speed=-1.94384&bearing=-1&altitude=NaN&accuracy=`));
    expect(report).toEqual({ lat: 15, lng: -92.5, recordedAt: 1_705_060_800_000 });
  });

  it('takes accuracy over hdop, and bearing over heading, naming the one it used', () => {
    const fix = osmandFix(params(`${FIX}&accuracy=3&hdop=9&bearing=90&heading=180`));
    expect(fix.report).toMatchObject({ accuracyM: 3, headingDeg: 90 });
    expect(fix.names).toMatchObject({ accuracyM: 'accuracy', headingDeg: 'bearing', lng: 'lon', recordedAt: 'timestamp' });
    expect(osmandFix(params(`${FIX}&hdop=9&heading=180`)).names).toMatchObject({ accuracyM: 'hdop', headingDeg: 'heading' });
  });

  it('refuses numbers JavaScript would bend (hex, blanks, Infinity) and a malformed location', () => {
    for (const bad of ['0x10', ' 15', 'Infinity', '15,5']) {
      expect(() => osmandFix(params(`lat=${encodeURIComponent(bad)}&lon=-92.5&timestamp=1705060800`))).toThrowError(
        'lat: must be a number',
      );
    }
    expect(() => osmandFix(params('location=15&timestamp=1705060800'))).toThrowError(/^location: must be "lat,lon"/);
    expect(() => osmandFix(params('location=15,-92.5,3&timestamp=1705060800'))).toThrowError(/^location: must be "lat,lon"/);
  });
});

describe('osmandDeviceId', () => {
  it('takes id, else deviceid, and treats an empty one as missing', () => {
    expect(osmandDeviceId(params('id=abc&deviceid=def'))).toBe('abc');
    expect(osmandDeviceId(params('deviceid=def'))).toBe('def');
    expect(osmandDeviceId(params('id=&lat=1'))).toBeNull();
  });
});
