import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n';
import { NEWSROOM_STRINGS } from '../src/i18n/newsroom-strings';
import { distanceAnnouncement, headlineDistance } from '../src/newsroom/panel-format';
import { replaySteps, stepFrom } from '../src/newsroom/replay-steps';
import type { CaravanSummary } from '@rumbo/shared';

/** The keyboard's arithmetic without a browser: the replay slider's steps and what the live region says. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const t = { en: translator(NEWSROOM_STRINGS, 'en'), es: translator(NEWSROOM_STRINGS, 'es') };

describe('replay slider steps', () => {
  it.each([
    ['a 45-minute track', 45 * MINUTE, MINUTE, 2 * MINUTE],
    ['a 3-hour track', 3 * HOUR, MINUTE, 15 * MINUTE],
    ['a day', DAY, 5 * MINUTE, 2 * HOUR],
    ['three days', 3 * DAY, 15 * MINUTE, 6 * HOUR],
    ['two weeks', 14 * DAY, HOUR, DAY],
    ['three months', 90 * DAY, 6 * HOUR, 7 * DAY],
  ])('%s: arrows and pages in round clock units, pages always further', (_, span, arrowMs, pageMs) => {
    expect(replaySteps(span)).toEqual({ arrowMs, pageMs });
  });

  it('crosses any track in at most a few hundred arrow presses, never less than a minute a press', () => {
    for (const span of [MINUTE, HOUR, 8 * HOUR, DAY, 5 * DAY, 30 * DAY, 365 * DAY]) {
      const { arrowMs, pageMs } = replaySteps(span);
      expect(arrowMs).toBeGreaterThanOrEqual(MINUTE);
      expect(pageMs).toBeGreaterThan(arrowMs);
      if (span >= DAY) expect(span / arrowMs).toBeLessThanOrEqual(600);
    }
  });

  const bounds = { start: Date.parse('2024-01-05T10:37:23Z'), end: Date.parse('2024-01-06T09:12:05Z') };

  it('lands on the next whole step of the local clock, forward and back, within the track', () => {
    expect(stepFrom(bounds.start, 1, 10 * MINUTE, bounds, 0)).toBe(Date.parse('2024-01-05T10:40:00Z'));
    expect(stepFrom(Date.parse('2024-01-05T10:40:00Z'), 1, 10 * MINUTE, bounds, 0)).toBe(Date.parse('2024-01-05T10:50:00Z'));
    expect(stepFrom(Date.parse('2024-01-05T10:40:00Z'), -1, 10 * MINUTE, bounds, 0)).toBe(bounds.start);
    expect(stepFrom(bounds.end, -1, 10 * MINUTE, bounds, 0)).toBe(Date.parse('2024-01-06T09:10:00Z'));
    expect(stepFrom(Date.parse('2024-01-06T09:10:00Z'), 1, 10 * MINUTE, bounds, 0)).toBe(bounds.end);
  });

  it('counts whole hours and days on the viewer’s clock, not on UTC’s', () => {
    // Mexico City, UTC−6: a day step from 10:37 UTC (04:37 local) lands at local midnight, 06:00 UTC.
    expect(stepFrom(bounds.start, 1, DAY, bounds, -6 * HOUR)).toBe(Date.parse('2024-01-06T06:00:00Z'));
    // India, UTC+5:30: the next whole hour is at :30 UTC.
    expect(stepFrom(bounds.start, 1, HOUR, bounds, 5.5 * HOUR)).toBe(Date.parse('2024-01-05T11:30:00Z'));
  });
});

describe('the distance the live region says', () => {
  const border = (km: number) => ({ km, basis: 'border' as const });
  const route = (km: number) => ({ km, basis: 'route' as const });

  it('says the new distance and how far it moved, in English and Spanish', () => {
    expect(distanceAnnouncement(border(1132.2), border(1129.1), 'km', 'en-US', t.en)).toBe('1,129 km to the border, 3 km closer');
    expect(distanceAnnouncement(border(1132.2), border(1129.1), 'km', 'es-MX', t.es)).toBe(
      'A 1,129 km de la frontera, 3 km más cerca',
    );
    expect(distanceAnnouncement(border(1129.1), border(1135), 'km', 'en-US', t.en)).toBe('1,135 km to the border, 6 km further');
    expect(distanceAnnouncement(route(1910), route(1906), 'km', 'en-US', t.en)).toBe(
      '1,906 km left on the planned route, 4 km less',
    );
    expect(distanceAnnouncement(route(1906), route(1910), 'km', 'es-MX', t.es)).toBe(
      'Quedan 1,910 km de la ruta prevista, 4 km más',
    );
  });

  it('stays quiet for less than a whole unit (a mile in miles), and when what is measured changes', () => {
    expect(distanceAnnouncement(border(1129.1), border(1128.3), 'km', 'en-US', t.en)).toBeNull();
    expect(distanceAnnouncement(border(1129.1), border(1127.8), 'mi', 'en-US', t.en)).toBeNull();
    expect(distanceAnnouncement(border(1129.1), border(1127.1), 'mi', 'en-US', t.en)).toBe('700 mi to the border, 1 mi closer');
    expect(distanceAnnouncement(border(1129.1), route(1500), 'km', 'en-US', t.en)).toBeNull();
  });

  it('leads with the route left when there is one, else the straight line, else nothing', () => {
    const summary = (metrics: Partial<CaravanSummary['metrics']>) =>
      ({ metrics: { distanceToBorderKm: null, routeRemainingKm: null, ...metrics } }) as CaravanSummary;
    expect(headlineDistance(summary({ distanceToBorderKm: 1129.4, routeRemainingKm: 1906 }))).toEqual(route(1906));
    expect(headlineDistance(summary({ distanceToBorderKm: 1129.4 }))).toEqual(border(1129.4));
    expect(headlineDistance(summary({}))).toBeNull();
    expect(headlineDistance(null)).toBeNull();
  });
});
