import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const folder = new URL('./geo/', import.meta.url);

export function readInput<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`in/${name}.json`, folder), 'utf8')) as T;
}

/**
 * The expected output for a golden test: read from geo/out, or written there when the run
 * has REGEN=1 (regenerate only on purpose, and review the diff).
 */
export function golden<T>(name: string, actual: T): T {
  const file = new URL(`out/${name}.json`, folder);
  if (process.env.REGEN === '1' || !existsSync(file)) {
    if (process.env.REGEN !== '1')
      throw new Error(`golden file out/${name}.json is missing: run with REGEN=1 once and review it`);
    writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
