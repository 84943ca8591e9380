const pending = new Map<object, () => void>();
let frame = 0;
let running = false;

function runFrame(): void {
  frame = 0;
  running = true;
  const ran = new Set<object>();
  try {
    for (let next = firstNotRun(ran); next; next = firstNotRun(ran)) {
      const [key, job] = next;
      pending.delete(key);
      ran.add(key);
      job();
    }
  } finally {
    running = false;
    // Jobs that asked again after running this frame wait for the next one.
    if (pending.size > 0) frame = requestAnimationFrame(runFrame);
  }
}

function firstNotRun(ran: ReadonlySet<object>): [object, () => void] | undefined {
  for (const entry of pending) if (!ran.has(entry[0])) return entry;
  return undefined;
}

/**
 * Runs `job` in the next animation frame, once per `key` however often it is asked for (the last
 * job asked for wins). A job scheduled while a frame's jobs run joins that same frame, so a chain
 * such as socket burst → state → map redraw lands in one frame instead of one frame per link.
 */
export function inNextFrame(key: object, job: () => void): void {
  pending.set(key, job);
  if (!running && !frame) frame = requestAnimationFrame(runFrame);
}

/** Drops `key`'s job if it has not run yet. */
export function cancelFrameJob(key: object): void {
  pending.delete(key);
}
