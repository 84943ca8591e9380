import { describe, expect, it } from 'vitest';
import { serialByKey } from '../../src/store/serial-by-key';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('serialByKey', () => {
  it('runs the tasks of one key one at a time, in call order', async () => {
    const run = serialByKey();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await pause(ms);
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([run('a', task('1', 15)), run('a', task('2', 1)), run('a', task('3', 5))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs tasks of different keys concurrently', async () => {
    const run = serialByKey();
    const started: string[] = [];
    let release = () => {};
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const slow = run('a', async () => {
      started.push('a');
      await blocker;
    });
    const other = run('b', async () => {
      started.push('b');
    });
    await other;
    expect(started).toEqual(['a', 'b']);
    release();
    await slow;
  });

  it('passes a failure to its caller and still runs the next task of that key', async () => {
    const run = serialByKey();
    const failing = run('a', async () => {
      throw new Error('store down');
    });
    const next = run('a', async () => 'ran');
    await expect(failing).rejects.toThrow('store down');
    await expect(next).resolves.toBe('ran');
  });
});
