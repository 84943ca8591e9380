import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText } from '../../src/exports/decimal-text';
import { xmlText } from '../../src/exports/xml-text';
import { schemaErrors } from './xmllint';

describe('decimalText', () => {
  it('writes what JavaScript would write with an exponent as plain digits (the GPX <ele>1e-7</ele> bug)', () => {
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(-1.5e-7)).toBe('-0.00000015');
    expect(decimalText(5e-324)).toBe(`0.${'0'.repeat(323)}5`);
    expect(decimalText(1e21)).toBe('1000000000000000000000');
    expect(decimalText(-1.25e21)).toBe('-1250000000000000000000');
    expect(decimalText(1.7976931348623157e308)).toBe(`17976931348623157${'0'.repeat(292)}`);
  });

  it('leaves numbers JavaScript writes plainly as they are', () => {
    expect(decimalText(0)).toBe('0');
    expect(decimalText(-0)).toBe('0');
    expect(decimalText(-92.2633)).toBe('-92.2633');
    expect(decimalText(12.345678901234567)).toBe('12.345678901234567');
    expect(decimalText(0.000001)).toBe('0.000001');
  });

  it('refuses what no decimal can say', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) expect(() => decimalText(value)).toThrow(RangeError);
  });

  it('always writes an xs:decimal that reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = decimalText(value);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe('xmlText', () => {
  it('escapes markup, and keeps a document well-formed whatever a note holds', () => {
    const note = 'a & b < c > d "e" \'f\' niños 🚶\r\n\u0000\u0007\ud800 fin';
    expect(xmlText(note)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; niños 🚶&#13;\n\uFFFD\uFFFD\uFFFD fin');
    const gpx = `<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="${xmlText(note)}"><metadata><desc>${xmlText(note)}</desc></metadata></gpx>`;
    expect(schemaErrors(gpx)).toBe('');
  });
});
