import { signal } from '@preact/signals-core';

/** Off, or on with the time of the next report. */
export type AutoState = { on: false } | { on: true; intervalMs: number; nextAt: number };

/**
 * Automatic mode: a report now, then one every interval while the page is open. Timers in a
 * hidden or sleeping page are throttled, so a report that fell due meanwhile goes as soon as the
 * page is visible again. One report at a time: a fix that takes long is not stacked on.
 */
export function createAutoMode(takeReport: () => Promise<void>) {
  const state = signal<AutoState>({ on: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;

  function scheduleFrom(start: number, intervalMs: number): void {
    const nextAt = start + intervalMs;
    state.value = { on: true, intervalMs, nextAt };
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), Math.max(0, nextAt - Date.now()));
  }

  async function tick(): Promise<void> {
    const current = state.value;
    if (!current.on) return;
    scheduleFrom(Date.now(), current.intervalMs);
    if (busy) return;
    busy = true;
    try {
      await takeReport();
    } finally {
      busy = false;
    }
  }

  document.addEventListener('visibilitychange', () => {
    const current = state.value;
    if (document.visibilityState === 'visible' && current.on && Date.now() >= current.nextAt) void tick();
  });

  return {
    state,
    start(intervalMs: number): void {
      state.value = { on: true, intervalMs, nextAt: Date.now() };
      void tick();
    },
    /** A new interval counts from the last report, not from now. */
    changeInterval(intervalMs: number): void {
      const current = state.value;
      if (current.on) scheduleFrom(current.nextAt - current.intervalMs, intervalMs);
    },
    stop(): void {
      clearTimeout(timer);
      state.value = { on: false };
    },
  };
}
export type AutoMode = ReturnType<typeof createAutoMode>;
