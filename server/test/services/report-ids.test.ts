import { describe, expect, it } from 'vitest';
import { derivedReportId, gpxReportId } from '../../src/services/report-ids';

// Ids stored in production were derived this way: the same fix must keep landing on the same id.
describe('report ids derived from the fix', () => {
  const recordedAt = '2024-01-12T14:00:00Z';

  it('keys an API or phone report by reporter, fix time and position', () => {
    expect(derivedReportId('rep-0123456789', Date.parse(recordedAt), -92.2633, 14.9056)).toBe(
      'h-KngYpEYaZ2J5UJAc9X9Up7t3_d9OHjyz',
    );
  });

  it('keys a GPX point by caravan, time and position, whoever uploads it', () => {
    expect(gpxReportId('demo', { lng: -92.2633, lat: 14.9056, recordedAt })).toBe('gpx-s96cpxhz_LYtJlvoOJGetkkh');
  });
});
