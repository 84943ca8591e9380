import { describe, expect, it } from 'vitest';
import { settledKm } from '../../src/store/track-store';

describe('settledKm', () => {
  it('reads a sum whose legs were added and taken back as exactly zero, never -0', () => {
    const legs = [0.1, 0.7, 0.3];
    let sum = 0;
    for (const leg of legs) sum += leg;
    for (const leg of legs) sum -= leg;
    expect(sum).not.toBe(0); // the residue that made "-0 km"
    expect(Object.is(settledKm(sum), 0)).toBe(true);
    expect(Object.is(settledKm(-1e-13), 0)).toBe(true);
  });

  it('keeps a real distance to the millimetre', () => {
    expect(settledKm(1129.4567891)).toBe(1129.456789);
    expect(settledKm(0.0000004)).toBe(0);
  });
});
