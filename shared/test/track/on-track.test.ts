import { describe, expect, it } from 'vitest';
import { isOnTrack } from '../../src/track';

describe('isOnTrack', () => {
  it('takes a visible, unflagged report', () => {
    expect(isOnTrack({ hidden: false, flags: [] })).toBe(true);
  });

  it('leaves out a hidden report, a flagged one, and one that is both', () => {
    expect(isOnTrack({ hidden: true, flags: [] })).toBe(false);
    expect(isOnTrack({ hidden: false, flags: ['low_accuracy'] })).toBe(false);
    expect(isOnTrack({ hidden: false, flags: ['implausible_speed', 'clock_skew'] })).toBe(false);
    expect(isOnTrack({ hidden: true, flags: ['clock_skew'] })).toBe(false);
  });

  it('keeps a report whose only flags are notices (clock_behind: arrived late, not doubted)', () => {
    expect(isOnTrack({ hidden: false, flags: ['clock_behind'] })).toBe(true);
    expect(isOnTrack({ hidden: true, flags: ['clock_behind'] })).toBe(false);
    expect(isOnTrack({ hidden: false, flags: ['clock_behind', 'low_accuracy'] })).toBe(false);
  });
});
