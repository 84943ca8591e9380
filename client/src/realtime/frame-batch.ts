import { cancelFrameJob, inNextFrame } from '../lib/frame-jobs';

/**
 * Collects items pushed in a burst (a batch of 500 reports arrives as 500 socket events) and
 * hands them over once per animation frame, so the state, the map and the panel change once
 * per frame instead of once per event.
 */
export function frameBatch<T>(apply: (items: T[]) => void): { push(item: T): void; cancel(): void } {
  const key = {};
  let pending: T[] = [];
  const flush = () => {
    const items = pending;
    pending = [];
    apply(items);
  };
  return {
    push(item) {
      pending.push(item);
      inNextFrame(key, flush);
    },
    cancel() {
      cancelFrameJob(key);
      pending = [];
    },
  };
}
