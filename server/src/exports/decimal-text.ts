/**
 * A finite number as an XML Schema `xs:decimal`: plain digits, never an exponent. JavaScript
 * writes 0.0000001 as `1e-7` and 1e21 as `1e+21`, which GPX readers that check the schema refuse.
 * The digits are JavaScript's shortest round-trip ones, only the point moves.
 * @throws RangeError for NaN and ±Infinity, which no decimal can say.
 * @example decimalText(1e-7) // '0.0000001'
 * @example decimalText(-1.25e21) // '-1250000000000000000000'
 * @example decimalText(14.9056) // '14.9056'
 */
export function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a decimal number`);
  const text = String(value);
  const scientific = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!scientific) return text;
  const [, sign, lead, fraction = '', exponent] = scientific;
  const digits = `${lead}${fraction}`;
  // Where the point falls among the digits: d.ddd × 10^e has it after 1 + e of them.
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
