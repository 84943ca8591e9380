import type { CaravanSummary, Report } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { translator, type Lang } from '../src/i18n/i18n';
import { NEWSROOM_STRINGS } from '../src/i18n/newsroom-strings';
import { placeText } from '../src/lib/place-text';
import { formatDistance } from '../src/lib/units';
import { headcountSeries } from '../src/newsroom/headcount-chart';
import { etaText, formatCount, roundedEta } from '../src/newsroom/panel-format';

/** The figures the panel prints, without a browser: the ETA's words and basis, counts, places. */

const t = { en: translator(NEWSROOM_STRINGS, 'en'), es: translator(NEWSROOM_STRINGS, 'es') };
const LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };

/** A summary with just the figures etaText reads. */
function summary(metrics: Partial<CaravanSummary['metrics']>, side: 'MX' | 'US' = 'MX'): CaravanSummary {
  return {
    latest: { metrics: { side } },
    metrics: {
      distanceToBorderKm: 1129.4,
      routeRemainingKm: null,
      speedKmPerDay: 40,
      etaDays: null,
      ...metrics,
    },
  } as CaravanSummary;
}

describe('roundedEta', () => {
  it.each([
    [0.4, 'less than a day', 'menos de un día'],
    [1.2, 'about a day', 'cerca de un día'],
    [2.4, 'about 2 days', 'unos 2 días'],
    [3.49, 'about 3 days', 'unos 3 días'],
    [3.5, '3–5 days', 'de 3 a 5 días'],
    [5.8, '5–7 days', 'de 5 a 7 días'],
    [6.5, 'about a week', 'cerca de una semana'],
    [10.4, 'about a week', 'cerca de una semana'],
    [10.5, 'about 2 weeks', 'unas 2 semanas'],
    [42, 'about 6 weeks', 'unas 6 semanas'],
    [46.5, 'about 7 weeks', 'unas 7 semanas'],
    [55.9, 'about 8 weeks', 'unas 8 semanas'],
    [56, 'about 2 months', 'unos 2 meses'],
    [120, 'about 4 months', 'unos 4 meses'],
    [400, 'more than a year', 'más de un año'],
  ])('says %f days as "%s" / "%s", coarser the further out', (days, english, spanish) => {
    expect(roundedEta(days, t.en)).toBe(english);
    expect(roundedEta(days, t.es)).toBe(spanish);
  });
});

describe('etaText', () => {
  // Issue 15's caravan: 1,906 km of route left, the route shrinking by 41 km a day: 46.5 days.
  const onRoute = summary({ routeRemainingKm: 1906.3, etaDays: 46.5 });
  const straight = summary({ distanceToBorderKm: 1129.4, etaDays: 27.5 });

  it('divides the route left when there is a route, and says so, in English and in Spanish', () => {
    expect(etaText(onRoute, 'km', LOCALE.en, t.en)).toEqual({
      value: 'about 7 weeks',
      basis: '1,906 km left on the planned route at 41 km/day over the last day of reports',
      reason: null,
    });
    expect(etaText(onRoute, 'km', LOCALE.es, t.es)).toEqual({
      value: 'unas 7 semanas',
      basis: 'Quedan 1,906 km de la ruta prevista, a 41 km/día en el último día de reportes',
      reason: null,
    });
    expect(etaText(onRoute, 'mi', LOCALE.en, t.en).basis).toBe(
      '1,185 mi left on the planned route at 25 mi/day over the last day of reports',
    );
  });

  it('divides the straight line when there is no route, and names it as such', () => {
    expect(etaText(straight, 'km', LOCALE.en, t.en)).toEqual({
      value: 'about 4 weeks',
      basis: '1,129 km to the border in a straight line at 41 km/day over the last day of reports',
      reason: null,
    });
    expect(etaText(straight, 'km', LOCALE.es, t.es).basis).toBe(
      'A 1,129 km de la frontera en línea recta, a 41 km/día en el último día de reportes',
    );
  });

  it('gives no estimate, and says why: not closing (on the route or toward the border), crossed, no reports', () => {
    expect(etaText(summary({}), 'km', LOCALE.en, t.en)).toEqual({
      value: '—',
      basis: null,
      reason: 'not moving toward the border (resting or heading south)',
    });
    expect(etaText(summary({ routeRemainingKm: 1906.3 }), 'km', LOCALE.es, t.es).reason).toBe(
      'no avanza por la ruta prevista (descansa o va de regreso)',
    );
    expect(etaText(summary({ routeRemainingKm: 3 }, 'US'), 'km', LOCALE.en, t.en).reason).toBe(
      'the latest report is on the US side',
    );
    expect(etaText({ ...summary({}), latest: null }, 'km', LOCALE.es, t.es).reason).toBe('aún sin reportes');
  });
});

describe('numbers on the page', () => {
  it('group thousands in both languages: counts in sentences, counts alone, distances', () => {
    expect(t.en('reports.count', { n: 10_000 })).toBe('10,000 reports');
    expect(t.es('reports.count-some', { shown: 200, total: 10_001 })).toBe('Los 200 más recientes de 10,001 reportes');
    expect(t.en('panel.hidden-count', { n: 1_234 })).toBe('1,234 hidden');
    expect(formatCount(6_000, LOCALE.es)).toBe('6,000');
    expect(formatDistance(1906.04, 'km', LOCALE.es)).toBe('1,906.0 km');
    expect(formatDistance(1906.04, 'km', LOCALE.en, 0)).toBe('1,906 km');
  });
});

describe('placeText', () => {
  const arriaga = { name: 'Arriaga', state: 'Chiapas', country: 'MX', distanceKm: 3.2, within: false };
  it('says where in the page’s language, and nothing for reports stored before places', () => {
    expect(placeText(arriaga, LOCALE.en)).toBe('near Arriaga, Chiapas, Mexico');
    expect(placeText(arriaga, LOCALE.es)).toBe('cerca de Arriaga, Chiapas, México');
    expect(placeText(undefined, LOCALE.en)).toBeNull();
  });
});

describe('headcountSeries', () => {
  const report = (index: number, extra: Partial<Report>): Report =>
    ({
      id: `r-${index}`,
      recordedAt: new Date(Date.UTC(2024, 0, 1) + index * 3_600_000).toISOString(),
      hidden: false,
      flags: [],
      ...extra,
    }) as Report;

  it('takes the headcounts of reports on the track, skipping those without one (never zero)', () => {
    const reports = [
      report(0, { headcount: 6_000 }),
      report(1, {}),
      report(2, { headcount: 5_800, hidden: true }),
      report(3, { headcount: 9_999, flags: ['implausible_speed'] }),
      report(4, { headcount: 5_500 }),
    ];
    expect(headcountSeries(reports)).toEqual([
      { x: Date.parse(reports[0]!.recordedAt), y: 6_000 },
      { x: Date.parse(reports[4]!.recordedAt), y: 5_500 },
    ]);
  });
});
