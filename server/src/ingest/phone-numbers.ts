import { invalidParam } from './phone-fix';

/** A plain decimal number as text: no hex, no blanks, no `Infinity` (Number() accepts all three). */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number sent as text. Empty and `NaN` mean "unknown" to phone apps (a Java float without a
 * value prints as `NaN`), so they leave the field out instead of failing the fix.
 */
export function numberParam(text: string | null, appName: string): number | undefined {
  if (text === null || text === '' || text === 'NaN') return undefined;
  if (!DECIMAL.test(text)) throw invalidParam(appName, 'type', 'must be a number');
  return Number(text);
}

/** A number in a JSON body: absent or null leaves the field out; anything else must be a number. */
export function jsonNumber(value: unknown, appName: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParam(appName, 'type', 'must be a number');
  return value;
}

/** Phones report an unknown speed or heading as −1 (iOS Core Location, the Traccar Client 9 SDK). */
export const unknownIfNegative = (value: number | undefined) => (value !== undefined && value < 0 ? undefined : value);

/** Conversions keep a metre per hour of precision: enough, and no float noise like 5.556000000000001. */
const roundKmh = (value: number) => Math.round(value * 1000) / 1000;
export const knotsToKmh = (knots: number | undefined) => (knots === undefined ? undefined : roundKmh(knots * 1.852));
export const metresPerSecondToKmh = (mps: number | undefined) => (mps === undefined ? undefined : roundKmh(mps * 3.6));
