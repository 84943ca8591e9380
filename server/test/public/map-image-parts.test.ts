import type { PublicSnapshot } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { createMapImages } from '../../src/public/map-image/map-images';
import { wrapWords } from '../../src/public/map-image/map-layout';
import { asOfText } from '../../src/public/map-image/map-words';
import { escapeXml, px } from '../../src/public/map-image/svg-markup';
import type { PublicView } from '../../src/public/public-views';
import { mapImageOptions } from '../../src/routes/public-map';

const SNAPSHOT: PublicSnapshot = {
  caravan: { id: 'norte', name: 'Caravana del norte' },
  delayMinutes: 30,
  precisionKm: 2,
  releasedUntil: '2026-12-05T20:00:00.000Z',
  latest: { lng: -93.9, lat: 16.2, recordedAt: '2026-12-05T20:00:00.000Z' },
  metrics: {
    distanceToBorderKm: 1130,
    nearestCrossing: null,
    traveledKm: 210,
    progressPct: 16,
    speedKmPerDay: 30,
    etaDays: 38,
  },
  track: [
    [-92.26, 14.9],
    [-93.9, 16.2],
  ],
  notes: [],
  summary: { en: 'The sentence (public-sentence.test.ts).', es: 'La frase (public-sentence.test.ts).' },
};
const OPTIONS = { width: 400, height: 300, lang: 'en', theme: 'light' } as const;

describe('map image parts', () => {
  it('escapes markup and drops what XML cannot hold (a caravan name is user input)', () => {
    expect(escapeXml(`<script>"a" & 'b'</script>\u0001\uFFFE`)).toBe(
      '&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;',
    );
    expect(escapeXml('Éxodo 🚶 ñ')).toBe('Éxodo 🚶 ñ');
    expect(escapeXml('\uD800 alone')).toBe(' alone');
  });

  it('never ends a line inside the "as of" time, at any time of day, in either language, at any width', () => {
    const clock = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Mexico_City' });
    for (let halfHour = 0; halfHour < 48; halfHour++) {
      const at = new Date(Date.UTC(2026, 11, 5, 6) + halfHour * 30 * 60_000);
      for (const lang of ['en', 'es'] as const) {
        const text = asOfText(at.toISOString(), lang);
        for (const widthPx of [180, 260, 340, 420, 520]) {
          const lines = wrapWords(text, widthPx, 15, false);
          // Each line is whole words of the text; the time (digits:digits and what follows it up
          // to the end) sits on one line.
          expect(lines.join(' ')).toBe(text.replace(/ +/g, ' '));
          const time = /\d{1,2}:\d{2}\S*/.exec(text)![0];
          expect(
            lines.some((line) => line.includes(time)),
            `${lang} ${widthPx}px: ${lines.join(' | ')}`,
          ).toBe(true);
        }
        if (lang === 'en') expect(text.replace(/\s/g, ' ')).toContain(clock.format(at).replace(/\s/g, ' '));
      }
    }
  });

  it('writes pixel values to a tenth at most, and never "-0"', () => {
    expect([px(12.3456), px(-0.01), px(7), px(1199.96)]).toEqual(['12.3', '0', '7', '1200']);
  });

  it('sizes the social card by default and follows one given side at 4:3, within the bounds', () => {
    expect(mapImageOptions({})).toEqual({ width: 1200, height: 630, lang: 'en', theme: 'light' });
    expect(mapImageOptions({ w: 600 })).toMatchObject({ width: 600, height: 450 });
    expect(mapImageOptions({ h: 300, lang: 'es', theme: 'dark' })).toEqual({
      width: 400,
      height: 300,
      lang: 'es',
      theme: 'dark',
    });
    expect(mapImageOptions({ w: 200 })).toMatchObject({ width: 200, height: 200 });
    expect(mapImageOptions({ h: 2400 })).toMatchObject({ width: 2400, height: 2400 });
  });

  it('draws once for a crowd, keeps a bounded number of images, and draws again for a new snapshot', async () => {
    let view: PublicView = { snapshot: SNAPSHOT, etag: '"one"', body: '' };
    let reads = 0;
    const images = createMapImages({ view: async () => (reads++, view) }, { maxImages: 2 });
    const crowd = await Promise.all(Array.from({ length: 5 }, () => images.image('norte', 'svg', OPTIONS)));
    expect(new Set(crowd).size).toBe(1);
    expect(reads).toBe(5);
    expect(images.size().images).toBe(1);
    await images.image('norte', 'svg', { ...OPTIONS, width: 500 });
    await images.image('norte', 'svg', { ...OPTIONS, width: 600 });
    expect(images.size().images).toBe(2);
    // The first was the least recently used: it is drawn again (a new object), the others stay.
    expect(await images.image('norte', 'svg', OPTIONS)).not.toBe(crowd[0]);
    view = { ...view, snapshot: { ...SNAPSHOT, releasedUntil: '2026-12-05T20:30:00.000Z' }, etag: '"two"' };
    const next = await images.image('norte', 'svg', OPTIONS);
    expect(next?.snapshot.releasedUntil).toBe('2026-12-05T20:30:00.000Z');
  });

  it('answers null for a caravan that is not public', async () => {
    const images = createMapImages({ view: async () => null });
    expect(await images.image('gone', 'png', OPTIONS)).toBeNull();
  });
});
