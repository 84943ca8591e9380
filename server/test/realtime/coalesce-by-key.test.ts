import { describe, expect, it } from 'vitest';
import { coalesceByKey } from '../../src/realtime/coalesce-by-key';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('coalesceByKey', () => {
  it('runs the first request at once, merges a burst into its last value at the window’s end', async () => {
    const runs: string[] = [];
    const pushes = coalesceByKey<string>(40, async (value) => void runs.push(value));
    await pushes.request('a', 'first');
    expect(runs).toEqual(['first']);
    for (const value of ['second', 'third', 'fourth']) await pushes.request('a', value);
    expect(runs).toEqual(['first']);
    await pause(80);
    expect(runs).toEqual(['first', 'fourth']);
    pushes.close();
  });

  it('keeps keys apart, and runs a request after a quiet window at once', async () => {
    const runs: string[] = [];
    const pushes = coalesceByKey<string>(30, async (value) => void runs.push(value));
    await pushes.request('a', 'a1');
    await pushes.request('b', 'b1');
    expect(runs).toEqual(['a1', 'b1']);
    await pause(80);
    await pushes.request('a', 'a2');
    expect(runs).toEqual(['a1', 'b1', 'a2']);
    pushes.close();
  });

  it('drops what waits once closed', async () => {
    const runs: string[] = [];
    const pushes = coalesceByKey<string>(20, async (value) => void runs.push(value));
    await pushes.request('a', 'first');
    await pushes.request('a', 'waiting');
    pushes.close();
    await pause(50);
    expect(runs).toEqual(['first']);
  });
});
