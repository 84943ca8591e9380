/**
 * Wall-clock milliseconds with sub-millisecond resolution. The same machine clock in every
 * process, so a viewer can subtract a send time that another process put in a payload.
 */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
