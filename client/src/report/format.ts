import type { Lang, Translate } from '../i18n/i18n';

/** Numbers, clock times and countdowns in the page's language. */
export function createFormat(lang: Lang, t: Translate) {
  const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const shortClock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  const dayAndClock = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const dateAndClock = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(lang);
  return {
    clock: (ms: number) => clock.format(ms),
    /** Hours and minutes, as a reporter glances at it: "Sent 14:32". */
    shortClock: (ms: number) => shortClock.format(ms),
    /** Today's fix shows the clock alone; one queued for days, its date; one from another year (a reset clock), the year too. */
    fixTime(ms: number, now = Date.now()): string {
      const [fix, today] = [new Date(ms), new Date(now)];
      if (fix.toDateString() === today.toDateString()) return clock.format(ms);
      return (fix.getFullYear() === today.getFullYear() ? dayAndClock : dateAndClock).format(ms);
    },
    number: (value: number) => number.format(value),
    metres: (value: number) => number.format(Math.round(value)),
    /** Coordinates as GPS apps and maps write them in either language: a decimal point, 5 decimals (about 1 m). */
    degrees: (value: number) => value.toFixed(5),
    /** Time left, whole seconds: "45 s", "4 min 05 s". */
    countdown(ms: number): string {
      const seconds = Math.max(0, Math.ceil(ms / 1_000));
      if (seconds < 60) return t('time.seconds', { s: seconds });
      return t('time.minutes', { m: Math.floor(seconds / 60), s: String(seconds % 60).padStart(2, '0') });
    },
  };
}
export type Format = ReturnType<typeof createFormat>;
