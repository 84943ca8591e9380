/**
 * At most one `run` per key per window: the first request runs at once and opens a window of
 * `windowMs` (a number, or what it answers for the value that runs); requests inside it are merged, and the last of them runs when it ends (opening the
 * next window). Nothing is lost: the final request of a burst always runs, at most `windowMs` late.
 * A request resolves when its run is done if it ran at once, else as soon as it is merged; `run`
 * handles its own errors (a merged run has no caller to tell).
 * @example const pushes = coalesceByKey(100, (caravan) => push(caravan)); pushes.request(caravan.id, caravan);
 */
export function coalesceByKey<Value>(windowMs: number | ((value: Value) => number), run: (value: Value) => Promise<void>) {
  const windows = new Map<string, { waiting: { value: Value } | null; timer: NodeJS.Timeout }>();
  const windowFor = typeof windowMs === 'number' ? () => windowMs : windowMs;

  function open(key: string, value: Value): void {
    const timer = setTimeout(() => {
      const { waiting } = windows.get(key)!;
      windows.delete(key);
      if (waiting) void request(key, waiting.value);
    }, windowFor(value));
    windows.set(key, { waiting: null, timer });
  }

  async function request(key: string, value: Value): Promise<void> {
    const window = windows.get(key);
    if (window) {
      window.waiting = { value };
      return;
    }
    open(key, value);
    await run(value);
  }

  return {
    request,
    /** Drops what waits and stops the timers (the app is closing). */
    close(): void {
      for (const { timer } of windows.values()) clearTimeout(timer);
      windows.clear();
    },
  };
}
