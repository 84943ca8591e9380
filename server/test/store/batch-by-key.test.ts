import { describe, expect, it } from 'vitest';
import { batchByKey } from '../../src/store/batch-by-key';
import { serialByKey } from '../../src/store/serial-by-key';

/** A batch runner that records its batches; while `held`, each batch waits until released. */
function recordingRunner() {
  const batches: Array<{ key: string; items: number[] }> = [];
  const waiting: Array<() => void> = [];
  const runner = {
    batches,
    held: false,
    /** Lets the oldest held batch finish. */
    releaseOne: () => waiting.shift()?.(),
    run: async (key: string, items: number[]) => {
      batches.push({ key, items });
      if (runner.held) await new Promise<void>((resolve) => waiting.push(resolve));
      return items.map((item) => `${key}:${item * 10}`);
    },
  };
  return runner;
}

describe('batchByKey', () => {
  it('runs an item at once when nothing of its key runs, and groups the items that arrive meanwhile', async () => {
    const runner = recordingRunner();
    const add = batchByKey(serialByKey(), 100, runner.run);
    runner.held = true;
    const first = add('a', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.batches).toEqual([{ key: 'a', items: [1] }]);
    const waiting = [add('a', 2), add('a', 3), add('a', 4)];
    runner.held = false;
    runner.releaseOne();
    await expect(first).resolves.toBe('a:10');
    await expect(Promise.all(waiting)).resolves.toEqual(['a:20', 'a:30', 'a:40']);
    expect(runner.batches).toEqual([
      { key: 'a', items: [1] },
      { key: 'a', items: [2, 3, 4] },
    ]);
  });

  it('puts at most maxItems in a batch, and batches other keys on their own', async () => {
    const runner = recordingRunner();
    const add = batchByKey(serialByKey(), 2, runner.run);
    const results = await Promise.all([add('a', 1), add('a', 2), add('a', 3), add('b', 4), add('a', 5)]);
    expect(results).toEqual(['a:10', 'a:20', 'a:30', 'b:40', 'a:50']);
    expect(runner.batches.filter((batch) => batch.key === 'a')).toEqual([
      { key: 'a', items: [1, 2] },
      { key: 'a', items: [3, 5] },
    ]);
    expect(runner.batches.filter((batch) => batch.key === 'b')).toEqual([{ key: 'b', items: [4] }]);
  });

  it('takes turns with the other tasks of its key', async () => {
    const serial = serialByKey();
    const log: string[] = [];
    const add = batchByKey(serial, 10, async (_key, items: number[]) => {
      log.push(`batch ${items.join(',')}`);
      return items;
    });
    await Promise.all([add('a', 1), serial('a', async () => log.push('other task')), add('a', 2), add('a', 3)]);
    expect(log).toEqual(['batch 1,2,3', 'other task']);
  });

  it('fails every item of a failed batch, and runs the next batch of that key', async () => {
    let fail = true;
    const add = batchByKey(serialByKey(), 10, async (_key, items: number[]) => {
      if (fail) throw new Error('store down');
      return items;
    });
    const failed = [add('a', 1), add('a', 2)];
    await Promise.all(failed.map((result) => expect(result).rejects.toThrow('store down')));
    fail = false;
    await expect(add('a', 3)).resolves.toBe(3);
  });

  it('starts the next batch once a batch releases its turn, and answers each batch when its own results come', async () => {
    const serial = serialByKey();
    const log: string[] = [];
    let finishFirst = () => {};
    const add = batchByKey(serial, 10, async (_key, items: number[], releaseTurn) => {
      log.push(`start ${items.join(',')}`);
      if (items[0] === 1) {
        releaseTurn();
        await new Promise<void>((resolve) => (finishFirst = resolve));
      }
      log.push(`done ${items.join(',')}`);
      return items;
    });
    const first = add('a', 1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = add('a', 2);
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['start 1', 'start 2', 'done 2']);
    finishFirst();
    await expect(first).resolves.toBe(1);
    expect(log).toEqual(['start 1', 'start 2', 'done 2', 'done 1']);
  });
});
