const started = performance.now();

/** What the benchmark is doing, on stderr (the results go to stdout): a run takes minutes. */
export function progress(message: string): void {
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}
