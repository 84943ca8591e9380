const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a person reads off a clock: a key press lands on 10:40, not on 10:37:23. */
const CLOCK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
];
/** About this many arrow presses from the first fix to the last (held down, a few seconds). */
const ARROW_PRESSES = 240;
/** About this many PageUp presses from end to end: a tenth of the track, as sliders usually page. */
const PAGE_PRESSES = 10;

/** The largest clock step at most `ms`, never under a minute (reports come minutes apart; a second says nothing). */
const clockStepUnder = (ms: number) => CLOCK_STEPS.findLast((step) => step <= ms) ?? MINUTE;

export interface ReplaySteps {
  /** What an arrow key moves. */
  arrowMs: number;
  /** What PageUp and PageDown move: always more than an arrow. */
  pageMs: number;
}

/**
 * The replay slider's keyboard steps for a track spanning `spanMs`, scaled so that the arrows
 * cross it in about 240 presses and the page keys in about 10, in round clock units.
 * @example replaySteps(3 * 3_600_000) // { arrowMs: 60_000 (1 min), pageMs: 900_000 (15 min) }
 * @example replaySteps(3 * 86_400_000) // { arrowMs: 900_000 (15 min), pageMs: 21_600_000 (6 h) }
 */
export function replaySteps(spanMs: number): ReplaySteps {
  const arrowMs = clockStepUnder(spanMs / ARROW_PRESSES);
  const pageMs = Math.max(clockStepUnder(spanMs / PAGE_PRESSES), CLOCK_STEPS.find((step) => step > arrowMs) ?? arrowMs);
  return { arrowMs, pageMs };
}

/**
 * Where one step of `stepMs` forward (`direction` 1) or back (−1) from `at` lands: on the next
 * whole step of the local clock (`offsetMs` ahead of UTC), so steps read as round times, within
 * `start`…`end`.
 * @example stepFrom(Date.parse('2024-01-05T10:37:23Z'), 1, 600_000, bounds, 0) // 10:40:00 UTC
 */
export function stepFrom(
  at: number,
  direction: 1 | -1,
  stepMs: number,
  bounds: { start: number; end: number },
  offsetMs: number,
): number {
  const local = at + offsetMs;
  const whole = direction === 1 ? Math.floor(local / stepMs) + 1 : Math.ceil(local / stepMs) - 1;
  return Math.min(bounds.end, Math.max(bounds.start, whole * stepMs - offsetMs));
}

/** How far the browser's clock is ahead of UTC at a moment (negative west of Greenwich). */
export const localOffsetMs = (at: number) => -new Date(at).getTimezoneOffset() * MINUTE;
