import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain-errors';
import { timeParam } from '../../src/ingest/phone-time';

const NOON_MS = Date.UTC(2024, 0, 12, 12);

describe('timeParam', () => {
  it('reads numbers below 2^31 as Unix seconds and larger ones as milliseconds', () => {
    expect(timeParam(String(NOON_MS / 1000), 'timestamp')).toBe(NOON_MS);
    expect(timeParam(String(NOON_MS), 'timestamp')).toBe(NOON_MS);
    expect(timeParam('2147483647', 'timestamp')).toBe(2_147_483_647_000);
    expect(timeParam('2147483648', 'timestamp')).toBe(2_147_483_648);
    expect(timeParam('1705060800.25', 'timestamp')).toBe(NOON_MS + 250);
  });

  it('reads ISO 8601 with a zone, and without one as UTC whatever the server’s zone', () => {
    expect(timeParam('2024-01-12T12:00:00Z', 'timestamp')).toBe(NOON_MS);
    expect(timeParam('2024-01-12T14:00:00+02:00', 'timestamp')).toBe(NOON_MS);
    expect(timeParam('2024-01-12T14:00:00+0200', 'timestamp')).toBe(NOON_MS);
    expect(timeParam('2024-01-12T12:00:00', 'timestamp')).toBe(NOON_MS);
    expect(timeParam('2024-01-12 12:00:00', 'timestamp')).toBe(NOON_MS);
  });

  it('refuses anything else with a 400 naming the parameter', () => {
    for (const text of ['yesterday', '12/01/2024', '0x5f', '2024-13-45T99:00:00Z']) {
      expect(() => timeParam(text, 'timestamp')).toThrowError(DomainError);
      expect(() => timeParam(text, 'timestamp')).toThrowError(/^timestamp: must be Unix seconds/);
    }
  });
});
