import type { serialByKey } from './serial-by-key';

/**
 * Runs one batch of items under its key; answers one result per item, in the items' order. The
 * key's turn passes to the next task when the batch is done, or earlier when the runner calls
 * `releaseTurn` (it sent its work and may be overtaken; its results still come when they come).
 */
export type BatchRunner<Item, Result> = (key: string, items: Item[], releaseTurn: () => void) => Promise<Result[]>;

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items of one key that arrive while that key's previous task holds its turn wait for
 * it together and then go to `runBatch` as one batch (at most `maxItems`), one batch at a time per
 * key through `serial`, so they also take turns with the other tasks queued there. An item arriving
 * when nothing of its key runs starts its own batch at once. A failed batch fails each of its items.
 * @example const insert = batchByKey(serialByKey(), 100, (caravanId, reports) => insertAll(caravanId, reports));
 */
export function batchByKey<Item, Result>(
  serial: ReturnType<typeof serialByKey>,
  maxItems: number,
  runBatch: BatchRunner<Item, Result>,
) {
  const open = new Map<string, Array<Waiting<Item, Result>>>();

  function start(key: string): Array<Waiting<Item, Result>> {
    const batch: Array<Waiting<Item, Result>> = [];
    open.set(key, batch);
    void serial(
      key,
      () =>
        new Promise<void>((releaseTurn) => {
          // From here on, items of this key join the next batch.
          if (open.get(key) === batch) open.delete(key);
          const items = batch.map((waiting) => waiting.item);
          Promise.resolve()
            .then(() => runBatch(key, items, releaseTurn))
            .then(
              (results) => batch.forEach((waiting, index) => waiting.resolve(results[index]!)),
              (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
            )
            .finally(releaseTurn);
        }),
    );
    return batch;
  }

  return function add(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const current = open.get(key);
      const batch = current && current.length < maxItems ? current : start(key);
      batch.push({ item, resolve, reject });
    });
  };
}
