import type { Report } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { reporterSettings } from '../src/newsroom/admin/phone-settings';
import { MAX_ROUTE_POINTS, routeFromGeoJson } from '../src/newsroom/admin/route-file';
import { freshnessOf, OLD_AFTER_MINUTES, STALE_AFTER_MINUTES } from '../src/newsroom/panel-format';
import { DEFAULT_FILTER, newestMatching } from '../src/newsroom/reports-filter';
import { downsample } from '../src/lib/downsample';

/** The pure parts of the dashboard panel, without a browser. */

const report = (index: number, extra: Partial<Report> = {}): Report =>
  ({
    id: `r-${index}`,
    reporterId: index % 2 ? 'rep-odd' : 'rep-even',
    recordedAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
    source: 'api',
    hidden: false,
    flags: [],
    ...extra,
  }) as Report;

describe('newestMatching', () => {
  const reports = Array.from({ length: 1_000 }, (_, index) =>
    report(index, { hidden: index % 10 === 0, flags: index % 7 === 0 ? ['low_accuracy'] : [] }),
  );

  it('gives the newest matches first, capped, with the full count', () => {
    const { shown, total } = newestMatching(reports, DEFAULT_FILTER, 5);
    expect(total).toBe(900);
    expect(shown.map((entry) => entry.id)).toEqual(['r-999', 'r-998', 'r-997', 'r-996', 'r-995']);
  });

  it('filters by visibility, flag and reporter together', () => {
    const hiddenOnly = newestMatching(reports, { ...DEFAULT_FILTER, visibility: 'hidden' }, 1_000);
    expect(hiddenOnly.total).toBe(100);
    const flaggedOdd = newestMatching(
      reports,
      { ...DEFAULT_FILTER, visibility: 'all', flag: 'low_accuracy', reporterId: 'rep-odd' },
      1_000,
    );
    expect(flaggedOdd.shown.every((entry) => entry.flags.includes('low_accuracy') && entry.reporterId === 'rep-odd')).toBe(true);
    expect(flaggedOdd.total).toBe(reports.filter((_, index) => index % 7 === 0 && index % 2 === 1).length);
  });
});

describe('downsample', () => {
  it('keeps the ends and the peaks, and at most the points asked for', () => {
    const points = Array.from({ length: 10_000 }, (_, x) => ({ x, y: x === 5_000 ? 1_000 : Math.sin(x / 500) }));
    const kept = downsample(points, 300);
    expect(kept).toHaveLength(300);
    expect(kept[0]).toBe(points[0]);
    expect(kept.at(-1)).toBe(points.at(-1));
    expect(kept).toContain(points[5_000]);
    expect(downsample(points.slice(0, 10), 300)).toHaveLength(10);
  });
});

describe('routeFromGeoJson', () => {
  it('takes the first LineString of a FeatureCollection and drops altitudes', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-92, 15] } },
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [-92.26, 14.9, 100],
              [-94.1, 16.2, 20],
            ],
          },
        },
      ],
    });
    expect(routeFromGeoJson(text)).toEqual({
      route: {
        type: 'LineString',
        coordinates: [
          [-92.26, 14.9],
          [-94.1, 16.2],
        ],
      },
    });
  });

  it('says what is wrong with a file that is no route', () => {
    expect(routeFromGeoJson('{"type":')).toEqual({ error: 'route.error-json' });
    expect(routeFromGeoJson('{"type":"Point","coordinates":[-92,15]}')).toEqual({ error: 'route.error-no-line' });
    expect(routeFromGeoJson('{"type":"LineString","coordinates":[[-92,15]]}')).toEqual({ error: 'route.error-too-few' });
    expect(routeFromGeoJson('{"type":"LineString","coordinates":[[-92,15],["x",15]]}')).toEqual({
      error: 'route.error-position',
      values: { n: 2 },
    });
    const long = { type: 'LineString', coordinates: Array.from({ length: MAX_ROUTE_POINTS + 1 }, (_, i) => [-92 + i / 1e5, 15]) };
    expect(routeFromGeoJson(JSON.stringify(long))).toEqual({ error: 'route.error-too-many', values: { max: MAX_ROUTE_POINTS } });
  });
});

describe('freshnessOf', () => {
  const at = Date.parse('2024-01-01T12:00:00Z');
  const minutesBefore = (minutes: number) => new Date(at - minutes * 60_000).toISOString();
  it('is fresh, then stale, then old', () => {
    expect(freshnessOf(minutesBefore(STALE_AFTER_MINUTES - 1), at)).toBe('fresh');
    expect(freshnessOf(minutesBefore(STALE_AFTER_MINUTES), at)).toBe('stale');
    expect(freshnessOf(minutesBefore(OLD_AFTER_MINUTES), at)).toBe('old');
  });
});

describe('reporterSettings', () => {
  it('gives each phone app what it asks for', () => {
    const groups = reporterSettings('https://rumbo.example', { id: 'rep-0123456789', token: 'tok_en-1', deviceId: 'dev123' });
    const values = Object.fromEntries(
      groups.flatMap((group) => group.settings.map(({ label, value }) => [`${group.title} ${label}`, value])),
    );
    expect(values).toMatchObject({
      'credentials.reporter-page credentials.link': 'https://rumbo.example/report#token=tok_en-1',
      'credentials.traccar credentials.server-url': 'https://rumbo.example/ingest/osmand',
      'credentials.traccar credentials.device-identifier': 'dev123',
      'credentials.osmand credentials.web-address':
        'https://rumbo.example/ingest/osmand?id=dev123&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}&bearing={6}',
      'credentials.owntracks credentials.url': 'https://rumbo.example/ingest/owntracks',
      'credentials.owntracks credentials.username': 'rep-0123456789',
      'credentials.owntracks credentials.password': 'tok_en-1',
    });
  });
});
