import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundDecimal } from '../../src/geo/round';

const byToFixed = (value: number, digits: number) => Number(value.toFixed(digits));

describe('roundDecimal', () => {
  it('gives the double Number(value.toFixed(digits)) gives, for any finite value a metric can take', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 6 }), (value, digits) => {
        expect(Object.is(roundDecimal(value, digits), byToFixed(value, digits))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on halves and near-halves, where scaling errs and toFixed rounds away from zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -3, max: 3 }),
        (units, digits, ulps) => {
          let value = (units + 0.5) / 10 ** digits;
          // A few doubles either side of the half.
          for (let i = 0; i < Math.abs(ulps); i++) value = ulps > 0 ? nextUp(value) : nextDown(value);
          expect(roundDecimal(value, digits)).toBe(byToFixed(value, digits));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(roundDecimal(1.0005, 3)).toBe(byToFixed(1.0005, 3));
    expect(roundDecimal(-2.5, 0)).toBe(-3);
    expect(roundDecimal(1322.4985, 3)).toBe(byToFixed(1322.4985, 3));
  });

  it('passes what is not a plain number through as toFixed does', () => {
    for (const value of [Number.NaN, Infinity, -Infinity, 1e300, -0]) {
      expect(Object.is(roundDecimal(value, 3), byToFixed(value, 3))).toBe(true);
    }
  });
});

const view = new DataView(new ArrayBuffer(8));
function step(value: number, by: bigint): number {
  view.setFloat64(0, value);
  view.setBigInt64(0, view.getBigInt64(0) + (value >= 0 ? by : -by));
  return view.getFloat64(0);
}
const nextUp = (value: number) => (value === 0 ? Number.MIN_VALUE : step(value, 1n));
const nextDown = (value: number) => (value === 0 ? -Number.MIN_VALUE : step(value, -1n));
