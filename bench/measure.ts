/**
 * Microseconds per call of `run` over `inputs`: the best of `rounds` timed passes after three
 * untimed ones (JIT tiers), since a shared virtual machine only ever adds noise.
 */
export function perCallMicroseconds<T>(inputs: readonly T[], run: (input: T) => unknown, rounds = 15): number {
  for (let pass = 0; pass < Math.min(3, rounds); pass++) for (const input of inputs) run(input);
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (const input of inputs) run(input);
    const elapsedNs = Number(process.hrtime.bigint() - started);
    best = Math.min(best, elapsedNs / inputs.length / 1000);
  }
  return best;
}

/** A small seeded generator (mulberry32): the same points on every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
