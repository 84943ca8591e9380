/**
 * What this instance learnt from the store, kept for `maxAgeMs` so that the work after every push
 * does not ask Redis again: a caravan's rules, claims known taken, who was heard from lately.
 * Other instances' changes reach it within `maxAgeMs`; this instance's own are written through.
 */
export function createLocalMemo<V>(maxAgeMs: number, now: () => number) {
  const entries = new Map<string, { value: V; atMs: number }>();
  return {
    get(key: string): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // A clock that went back (a test's, or NTP's) makes the entry stale, not fresh for longer.
      const ageMs = now() - entry.atMs;
      if (ageMs >= 0 && ageMs < maxAgeMs) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: V): void {
      entries.set(key, { value, atMs: now() });
    },
    forget(key: string): void {
      entries.delete(key);
    },
  };
}
