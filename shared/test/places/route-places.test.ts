import { describe, expect, it } from 'vitest';
import { placeAt } from '../../src/places';
import type { LngLat } from '../../src/schemas/common';

/**
 * Positions along the 2023 caravans' road north, Tapachula to Piedras Negras (Chiapas coast,
 * Isthmus of Tehuantepec, Veracruz, the Puebla–Mexico City–Querétaro corridor, then north through
 * San Luis Potosí and Coahuila), each on the road in or at the edge of the town a reporter would
 * name, written from maps to 0.01° (about 1 km), not copied from the gazetteer.
 */
const ROUTE: readonly (readonly [town: string, state: string, position: LngLat])[] = [
  ['Tapachula', 'Chiapas', [-92.27, 14.9]],
  ['Huehuetán', 'Chiapas', [-92.38, 15.02]],
  ['Huixtla', 'Chiapas', [-92.47, 15.14]],
  ['Villa Comaltitlán', 'Chiapas', [-92.58, 15.21]],
  ['Escuintla', 'Chiapas', [-92.66, 15.32]],
  ['Mapastepec', 'Chiapas', [-92.9, 15.44]],
  ['Pijijiapan', 'Chiapas', [-93.21, 15.69]],
  ['Tonalá', 'Chiapas', [-93.75, 16.09]],
  ['Arriaga', 'Chiapas', [-93.9, 16.24]],
  ['Chahuites', 'Oaxaca', [-94.19, 16.29]],
  ['San Pedro Tapanatepec', 'Oaxaca', [-94.2, 16.37]],
  ['Santo Domingo Zanatepec', 'Oaxaca', [-94.35, 16.48]],
  ['Niltepec', 'Oaxaca', [-94.61, 16.56]],
  ['Juchitán de Zaragoza', 'Oaxaca', [-95.02, 16.43]],
  ['Ixtepec', 'Oaxaca', [-95.1, 16.56]],
  ['Matías Romero', 'Oaxaca', [-95.04, 16.88]],
  ['Sayula de Alemán', 'Veracruz', [-94.96, 17.88]],
  ['Acayucan', 'Veracruz', [-94.91, 17.95]],
  ['Isla', 'Veracruz', [-95.53, 18.03]],
  ['Tierra Blanca', 'Veracruz', [-96.36, 18.45]],
  ['Córdoba', 'Veracruz', [-96.93, 18.88]],
  ['Orizaba', 'Veracruz', [-97.1, 18.85]],
  ['Puebla', 'Puebla', [-98.2, 19.04]],
  ['Mexico City', 'Mexico City', [-99.13, 19.43]],
  ['Huehuetoca', 'México', [-99.2, 19.83]],
  ['Tepeji del Río de Ocampo', 'Hidalgo', [-99.34, 19.9]],
  ['San Juan del Río', 'Querétaro', [-100.0, 20.39]],
  ['Santiago de Querétaro', 'Querétaro', [-100.39, 20.59]],
  ['San Luis Potosí', 'San Luis Potosí', [-100.98, 22.15]],
  ['Matehuala', 'San Luis Potosí', [-100.64, 23.65]],
  ['Saltillo', 'Coahuila', [-101.0, 25.42]],
  ['Monclova', 'Coahuila', [-101.42, 26.91]],
  ['Sabinas', 'Coahuila', [-101.12, 27.86]],
  ['Nueva Rosita', 'Coahuila', [-101.22, 27.94]],
  ['Allende', 'Coahuila', [-100.85, 28.34]],
  ['Piedras Negras', 'Coahuila', [-100.52, 28.7]],
];

describe('places along the 2023 route', () => {
  it.each(ROUTE)('a position in %s, %s, is named after it', (town, state, position) => {
    const place = placeAt(position);
    expect(place).toMatchObject({ name: town, state, country: 'MX', within: true });
    expect(place!.distanceKm).toBeLessThan(2);
  });

  it('names a position between towns after the nearest one, "near" it, with the distance', () => {
    // On the coastal road, 9 km north-west of Pijijiapan towards Tonalá.
    const place = placeAt([-93.27, 15.74]);
    expect(place).toMatchObject({ name: 'Pijijiapan', state: 'Chiapas', within: false });
    expect(place!.distanceKm).toBeGreaterThan(5);
    expect(place!.distanceKm).toBeLessThan(12);
  });

  it('names a position inside a city after the city, not after a hamlet nearer its point', () => {
    // Tapachula's north side: colonias of 1,000–3,000 people have points nearer than the city's.
    expect(placeAt([-92.25, 14.94])?.name).toBe('Tapachula');
  });

  it('names US border towns with their state', () => {
    expect(placeAt([-100.5, 28.71])).toMatchObject({ name: 'Eagle Pass', state: 'Texas', country: 'US' });
  });

  it('names nothing in the open sea, far from every place', () => {
    expect(placeAt([-94.5, 22])).toBeUndefined();
  });
});
