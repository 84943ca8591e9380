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

  it('takes each window from the value that opens it when given a function', async () => {
    const runs: string[] = [];
    const pushes = coalesceByKey<{ name: string; windowMs: number }>(
      (value) => value.windowMs,
      async (value) => void runs.push(value.name),
    );
    await pushes.request('long', { name: 'long-1', windowMs: 150 });
    await pushes.request('short', { name: 'short-1', windowMs: 20 });
    await pushes.request('long', { name: 'long-2', windowMs: 20 });
    await pushes.request('short', { name: 'short-2', windowMs: 20 });
    await pause(60);
    // The short window ended and ran its last value; the long one (opened by long-1) still waits.
    expect(runs).toEqual(['long-1', 'short-1', 'short-2']);
    await pause(150);
    expect(runs).toEqual(['long-1', 'short-1', 'short-2', 'long-2']);
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
