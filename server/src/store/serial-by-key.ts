/**
 * Runs async tasks one after another per key, in call order, and concurrently across keys.
 * A failed task does not hold up the next one under its key.
 * @example const oneAtATime = serialByKey(); await oneAtATime('demo', () => insert(report));
 */
export function serialByKey() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
