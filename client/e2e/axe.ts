import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

/** axe-core's browser build, read once; evaluated in the page (CDP evaluation is not bound by the page's CSP). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a page may not have: a reader with a screen reader or the keyboard alone is stopped by them. */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  /** The first few offending elements, as CSS selectors, to find them. */
  targets: string[];
}

const summarize = (result: Result): AxeViolation => ({
  id: result.id,
  impact: result.impact ?? 'unknown',
  help: result.help,
  targets: result.nodes.slice(0, 5).map((node) => node.target.join(' ')),
});

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules plus best practices) on the page or frame as it is
 * now and returns every violation, each named with its impact and where it is.
 */
export async function axeViolations(target: Page | Frame, options: RunOptions = {}): Promise<AxeViolation[]> {
  const loaded = await target.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await target.evaluate(axeSource);
  const results = await target.evaluate(
    (runOptions) =>
      (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe.run(
        document,
        runOptions,
      ),
    {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
      ...options,
    } satisfies RunOptions,
  );
  return results.violations.map(summarize);
}

/** The violations of impact serious or critical: what a page must have none of. */
export async function blockingAxeViolations(target: Page | Frame, options: RunOptions = {}): Promise<AxeViolation[]> {
  return (await axeViolations(target, options)).filter((violation) => BLOCKING.has(violation.impact));
}
