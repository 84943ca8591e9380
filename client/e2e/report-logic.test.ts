import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n';
import { REPORT_STRINGS } from '../src/i18n/report-strings';
import { createFormat } from '../src/report/format';
import { isHeld } from '../src/report/held';
import { latestState, latestText } from '../src/report/latest-report';
import type { OutboxRecord } from '../src/report/outbox-store';
import { retryDelayMs } from '../src/report/retry-delay';

/** The reporter page's decisions without a browser: what the line under the button says, and how long a retry waits. */

const NOW = Date.UTC(2026, 11, 5, 14, 32, 0);

function record(change: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: 'r1',
    caravanId: 'norte',
    reporterId: 'ana',
    reporterName: 'Ana',
    report: { id: 'r1', lng: -92.2633, lat: 14.9056, recordedAt: new Date(NOW).toISOString() },
    fixAt: NOW,
    state: 'queued',
    queuedAt: NOW,
    ...change,
  };
}

const en = translator(REPORT_STRINGS, 'en');
const es = translator(REPORT_STRINGS, 'es');
const view = (t = en, lang: 'en' | 'es' = 'en') => ({ t, format: createFormat(lang, t), now: NOW, noting: false });

describe('the undo window', () => {
  it('holds a queued report until its hold ends, to the millisecond; settled ones are never held', () => {
    const held = record({ holdUntil: NOW + 5_000 });
    expect(isHeld(held, NOW + 4_999)).toBe(true);
    // The outbox takes it from the hold's last millisecond on, and changeHeld refuses it from then.
    expect(isHeld(held, NOW + 5_000)).toBe(false);
    expect(isHeld(record(), NOW)).toBe(false);
    expect(isHeld({ ...held, state: 'sent' }, NOW)).toBe(false);
  });
});

describe('the line under the button', () => {
  it('follows one report: held, sending only when its own batch goes, waiting with a countdown, sent with its time', () => {
    const held = record({ holdUntil: NOW + 5_000 });
    expect(latestState(held, { phase: 'idle' }, NOW)).toEqual({ kind: 'held', until: NOW + 5_000 });
    expect(latestText(latestState(held, { phase: 'idle' }, NOW), view())).toEqual({
      status: 'Queued on this phone.',
      when: 'Sending in 5 s; undo until then.',
    });
    // Another batch is going: this report is not "sending" yet.
    expect(latestState(record(), { phase: 'sending', ids: ['other'] }, NOW)).toEqual({ kind: 'queued' });
    expect(latestState(record(), { phase: 'sending', ids: ['r1'] }, NOW)).toEqual({ kind: 'sending' });
    const waiting = latestState(record(), { phase: 'waiting', retryAt: NOW + 20_000, serverAsked: false }, NOW);
    expect(latestText(waiting, view())).toEqual({
      status: 'No answer from the server. Saved on this phone.',
      when: 'Trying again in 20 s.',
    });
    expect(latestText(waiting, view(es, 'es')).when).toBe('Nuevo intento en 20 s.');
    const sent = latestState(record({ state: 'sent', settledAt: NOW }), { phase: 'idle' }, NOW + 60_000);
    expect(sent).toEqual({ kind: 'sent', at: NOW });
    // Once the server has it, nothing says "saved on this phone" any more.
    expect(latestText(sent, view()).status).toMatch(/^Sent \d{1,2}:\d{2}/);
    expect(latestText(sent, view()).status).not.toMatch(/phone/);
    expect(latestText(sent, view(es, 'es')).status).toMatch(/^Enviado \d{1,2}:\d{2}/);
    expect(
      latestState(record({ state: 'rejected', reason: 'fix times before 2000-01-01 are refused' }), { phase: 'idle' }, NOW),
    ).toEqual({
      kind: 'rejected',
      reason: 'fix times before 2000-01-01 are refused',
    });
  });

  it('says every phrase in both languages', () => {
    expect(Object.keys(REPORT_STRINGS.es).sort()).toEqual(Object.keys(REPORT_STRINGS.en).sort());
  });
});

describe('retries', () => {
  it('wait longer each time, with jitter over the upper half, never past 5 minutes', () => {
    const low = () => 0;
    const high = () => 1;
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, null, high))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, null, low))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(30, null, high)).toBe(300_000);
    expect(retryDelayMs(30, null, low)).toBe(150_000);
    // The server's Retry-After is a floor.
    expect(retryDelayMs(0, 30_000, low)).toBe(30_000);
  });
});
