/** The value below which `fraction` of the samples fall (nearest rank). NaN for no samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** 12345.6 → "12,346"; small numbers keep `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const formatKiB = (bytes: number) => `${formatNumber(bytes / 1024, 1)} KiB`;

/** "0.42×"; a ratio's direction (higher or lower is better) is said by the line that prints it. */
export const formatRatio = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Said against a target, so that a missed one is not overlooked in a long output. */
export const verdict = (met: boolean) => (met ? 'target met' : 'TARGET MISSED');

/** " (3 posts refused: 503 …)" after a result some of whose posts the server did not take; else "". */
export function refusedText(refused: readonly string[]): string {
  return refused.length === 0 ? '' : ` (${refused.length} posts refused, e.g. ${refused[0]!.slice(0, 120)})`;
}
