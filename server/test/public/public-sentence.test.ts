import type { Caravan, Report } from '@rumbo/shared';
import { localTimeZone } from '@rumbo/shared/places';
import { describe, expect, it } from 'vitest';
import { publicProjection } from '../../src/public/public-projection';
import { publicSentence, sentenceKm } from '../../src/public/public-sentence';
import { makeCaravan, makeReport } from '../helper';

/** 22:20 UTC, December 5: with a 30-minute delay and step, released until 21:30 UTC (15:30 in Chiapas). */
const NOW = Date.UTC(2026, 11, 5, 22, 20);
const caravan: Caravan = { ...makeCaravan('sentence'), public: { delayMinutes: 30, precisionKm: 2, showNotes: false } };

/** Hourly fixes at seven past the hour, walking north-west into Arriaga, Chiapas; the last at 20:07 UTC. */
function walkIntoArriaga(): Report[] {
  const arriaga = [-93.9012, 16.2371];
  return [3, 2, 1, 0].map((hoursBefore, i) =>
    makeReport(
      caravan.id,
      {
        id: `a${i}`,
        lng: arriaga[0]! + hoursBefore * 0.031,
        lat: arriaga[1]! - hoursBefore * 0.027,
        recordedAt: new Date(Date.UTC(2026, 11, 5, 20 - hoursBefore, 7, 13)).toISOString(),
      },
      { receivedAt: new Date(Date.UTC(2026, 11, 5, 20 - hoursBefore, 8, 41)) },
    ),
  );
}

describe('the public sentence', () => {
  it('says where the public position is, when (the step, in Chiapas time) and how far, in English and Spanish', () => {
    const snapshot = publicProjection(caravan, walkIntoArriaga(), NOW);
    // The last fix (20:07 UTC) shows at the step that closes its window: 21:30 UTC, 15:30 CST.
    expect(snapshot.latest?.recordedAt).toBe('2026-12-05T21:30:00.000Z');
    expect(snapshot.latest?.place).toMatchObject({ name: 'Arriaga', state: 'Chiapas' });
    const km = sentenceKm(snapshot.metrics.distanceToBorderKm!, 2);
    expect(km % 10).toBe(0);
    expect(Math.abs(km - snapshot.metrics.distanceToBorderKm!)).toBeLessThanOrEqual(5);
    expect(km).toBe(1120);
    expect(snapshot.summary).toEqual({
      en:
        'As of 3:30 p.m. CST on December 5, the caravan was near Arriaga, Chiapas, Mexico, about 1,120 km (700 miles) ' +
        'from the US border in a straight line (positions are delayed by 30 minutes and approximate to 2 km).',
      es:
        'A las 15:30 (hora del centro) del 5 de diciembre, la caravana estaba cerca de Arriaga, Chiapas, México, ' +
        'a unos 1,120 km de la frontera con Estados Unidos en línea recta (posiciones publicadas con 30 minutos de retraso y aproximadas a 2 km).',
    });
  });

  it('tells no fix time: only step times, whatever minute the fixes were taken or arrived', () => {
    const { summary } = publicProjection(caravan, walkIntoArriaga(), NOW);
    for (const sentence of Object.values(summary)) {
      // The fixes were taken at :07 and arrived at :08 (14:07, 14:08… local); the sentence knows only :30.
      expect(sentence).not.toMatch(/:0[78]\b|\b(?:1[2-4]|[2-4]):(?!30)\d\d/);
      expect(sentence).toMatch(/\b(?:3|15):30\b/);
    }
  });

  it('says the sentence of a caravan with no public position yet, with the delay and the grid', () => {
    const noisy = { ...caravan, public: { delayMinutes: 90, precisionKm: 0.5, showNotes: false } };
    const { summary } = publicProjection(noisy, [], NOW);
    expect(summary.en).toBe(
      'No position of the caravan is public yet (positions are delayed by 90 minutes and approximate to 0.5 km).',
    );
    expect(summary.es).toBe(
      'Todavía no hay ninguna posición pública de la caravana (posiciones publicadas con 90 minutos de retraso y aproximadas a 0.5 km).',
    );
  });

  it('rounds distances to 10 km from 100 km on, and never finer than the grid', () => {
    expect([sentenceKm(1132, 2), sentenceKm(1135, 2), sentenceKm(98, 2), sentenceKm(97, 5), sentenceKm(97.3, 0.5)]).toEqual([
      1130, 1140, 98, 95, 97,
    ]);
    const atBorder = { latest: null, metrics: { distanceToBorderKm: 0 }, delayMinutes: 60, precisionKm: 2 } as const;
    const sentence = publicSentence(
      { ...atBorder, latest: { lng: -106.45, lat: 31.7, recordedAt: '2026-06-01T07:30:00.000Z' } } as never,
      'en',
    );
    expect(sentence).toBe(
      'As of 1:30 a.m. CST on June 1, the caravan was within 2 km of the border (positions are delayed by 1 hour and approximate to 2 km).',
    );
  });

  it('says "a la 1:30" but "a las 13:30" in Spanish', () => {
    const at = (recordedAt: string) =>
      publicSentence(
        {
          latest: { lng: -93.9, lat: 16.24, recordedAt },
          metrics: { distanceToBorderKm: 1120 },
          delayMinutes: 30,
          precisionKm: 2,
        } as never,
        'es',
      );
    expect(at('2026-12-05T07:30:00.000Z')).toMatch(
      /^A la 1:30 \(hora del centro\) del 5 de diciembre, la caravana estaba a unos 1,120 km/,
    );
    expect(at('2026-12-05T19:30:00.000Z')).toMatch(/^A las 13:30 \(hora del centro\)/);
  });
});

describe('the time zone a public position is told in', () => {
  const zoneOf = (state: string, country: string, lng: number, distanceToBorderKm: number) =>
    localTimeZone({ place: { state, country }, lng, distanceToBorderKm }).timeZone;

  it("follows Mexico's zones by state, and the border strip's daylight saving time", () => {
    expect(zoneOf('Chiapas', 'MX', -93.9, 1120)).toBe('America/Mexico_City');
    expect(zoneOf('Quintana Roo', 'MX', -86.8, 1900)).toBe('America/Cancun');
    expect(zoneOf('Sonora', 'MX', -110.9, 250)).toBe('America/Hermosillo');
    expect(zoneOf('Sinaloa', 'MX', -106.4, 700)).toBe('America/Mazatlan');
    expect(zoneOf('Baja California', 'MX', -117, 4)).toBe('America/Tijuana');
    expect(zoneOf('Chihuahua', 'MX', -106.1, 350)).toBe('America/Mexico_City');
    expect(zoneOf('Chihuahua', 'MX', -106.45, 6)).toBe('America/Ciudad_Juarez');
    expect(zoneOf('Chihuahua', 'MX', -104.4, 4)).toBe('America/Matamoros'); // Ojinaga
    expect(zoneOf('Tamaulipas', 'MX', -97.5, 4)).toBe('America/Matamoros');
    expect(zoneOf('Tamaulipas', 'MX', -98.2, 250)).toBe('America/Mexico_City');
    expect(zoneOf('Guatemala', 'GT', -90.5, 1500)).toBe('America/Guatemala');
    expect(zoneOf('Texas', 'US', -106.48, 2)).toBe('America/Denver'); // El Paso
    expect(zoneOf('Texas', 'US', -97.5, 2)).toBe('America/Chicago');
    expect(localTimeZone({ lng: -93, distanceToBorderKm: 1200 }).timeZone).toBe('America/Mexico_City');
  });

  it('names the daylight-saving hour where the border strip keeps it (Ciudad Juárez in July: MDT)', () => {
    const juarez = {
      lng: -106.45,
      lat: 31.7,
      recordedAt: '2026-07-01T20:30:00.000Z',
      place: { name: 'Juárez', state: 'Chihuahua', country: 'MX', distanceKm: 0, within: true },
    };
    const sentence = publicSentence(
      { latest: juarez, metrics: { distanceToBorderKm: 6 }, delayMinutes: 30, precisionKm: 2 } as never,
      'en',
    );
    expect(sentence).toMatch(
      /^As of 2:30 p\.m\. MDT on July 1, the caravan was in Juárez, Chihuahua, Mexico, about 6 km \(4 miles\)/,
    );
  });
});
