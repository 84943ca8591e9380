/** Powers of ten for 0–15 digits, each an exact double. */
const POWERS = Array.from({ length: 16 }, (_, digits) => 10 ** digits);

/**
 * `Number(value.toFixed(digits))`, the same double every time, at a tenth of the cost: every
 * report's metrics are rounded this way. Scaling and `Math.round` pick the same integer as
 * `toFixed` unless the scaled value lies within a hair of a half (where the scaling's own
 * rounding error, and `toFixed` rounding halves away from zero, could decide otherwise): those few
 * go to `toFixed` itself. An integer over an exact power of ten divides to the nearest double to
 * the decimal, which is what parsing the decimal gives.
 * @example roundDecimal(1322.49849, 3) // 1322.498
 */
export function roundDecimal(value: number, digits: number): number {
  const scale = POWERS[digits];
  if (scale === undefined) return Number(value.toFixed(digits));
  const scaled = value * scale;
  // Below 2^31 the product is off by under 2.4e-7 (half its last bit), well inside the window below.
  if (!(Math.abs(scaled) < 2 ** 31)) return Number(value.toFixed(digits));
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) < 1e-6) return Number(value.toFixed(digits));
  const rounded = Math.round(scaled) / scale;
  // Zero's sign: toFixed keeps it for a small negative value but drops it for −0 itself.
  return rounded === 0 ? Number(value.toFixed(digits)) : rounded;
}
