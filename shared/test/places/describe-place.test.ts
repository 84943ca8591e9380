import { describe, expect, it } from 'vitest';
import { describePlace, placeName } from '../../src';
import type { Place } from '../../src/schemas/report';

const arriaga = (distanceKm: number, within: boolean): Place => ({
  name: 'Arriaga',
  state: 'Chiapas',
  country: 'MX',
  distanceKm,
  within,
});

describe('describePlace', () => {
  it.each([
    [arriaga(0.4, true), 'in Arriaga, Chiapas, Mexico', 'en Arriaga, Chiapas, México'],
    [arriaga(3.2, false), 'near Arriaga, Chiapas, Mexico', 'cerca de Arriaga, Chiapas, México'],
    [arriaga(35, false), '35 km from Arriaga, Chiapas, Mexico', 'a 35 km de Arriaga, Chiapas, México'],
    [arriaga(1234, false), '1,234 km from Arriaga, Chiapas, Mexico', 'a 1,234 km de Arriaga, Chiapas, México'],
  ])('%o reads "%s" / "%s"', (place, english, spanish) => {
    expect(describePlace(place, 'en')).toBe(english);
    expect(describePlace(place, 'es')).toBe(spanish);
  });

  it('names the capital and the State of Mexico in each language', () => {
    const capital: Place = { name: 'Mexico City', state: 'Mexico City', country: 'MX', distanceKm: 1, within: true };
    expect(placeName(capital, 'en')).toBe('Mexico City, Mexico');
    expect(placeName(capital, 'es')).toBe('Ciudad de México, México');
    const huehuetoca: Place = { name: 'Huehuetoca', state: 'México', country: 'MX', distanceKm: 1, within: true };
    expect(placeName(huehuetoca, 'en')).toBe('Huehuetoca, State of Mexico, Mexico');
    expect(placeName(huehuetoca, 'es')).toBe('Huehuetoca, Estado de México, México');
  });

  it('does not repeat a state named like its capital, and names US places in Spanish', () => {
    expect(placeName({ name: 'Puebla', state: 'Puebla', country: 'MX', distanceKm: 0, within: true }, 'en')).toBe(
      'Puebla, Mexico',
    );
    expect(placeName({ name: 'El Paso', state: 'Texas', country: 'US', distanceKm: 0, within: true }, 'es')).toBe(
      'El Paso, Texas, Estados Unidos',
    );
  });
});
