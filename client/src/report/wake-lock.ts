import { signal } from '@preact/signals-core';

/** `held`: the screen stays on; `unavailable`: this browser (or its settings) will not keep it on. */
export type WakeState = 'off' | 'held' | 'unavailable';

/**
 * Keeps the screen awake while automatic mode runs, where the browser allows it. Browsers drop
 * the lock whenever the page is hidden; it is taken again when the page is visible.
 */
export function createWakeLock() {
  const state = signal<WakeState>('off');
  let wanted = false;
  let sentinel: WakeLockSentinel | null = null;

  async function acquire(): Promise<void> {
    if (!wanted || sentinel || document.visibilityState !== 'visible') return;
    if (!('wakeLock' in navigator)) {
      state.value = 'unavailable';
      return;
    }
    try {
      const lock = await navigator.wakeLock.request('screen');
      if (!wanted) {
        await lock.release();
        return;
      }
      sentinel = lock;
      state.value = 'held';
      lock.addEventListener('release', () => {
        sentinel = null;
        if (state.value === 'held') state.value = 'off';
      });
    } catch {
      // Refused: battery saver, no user gesture yet, or a browser policy. Say so; nothing else to do.
      state.value = 'unavailable';
    }
  }

  document.addEventListener('visibilitychange', () => void acquire());

  return {
    state,
    hold(): void {
      wanted = true;
      void acquire();
    },
    release(): void {
      wanted = false;
      void sentinel?.release();
      sentinel = null;
      state.value = 'off';
    },
  };
}
