export interface TokenBucketOptions {
  /** Tokens at the start, and at most ever: the burst allowed after a quiet while. */
  burst: number;
  /** Tokens added back each second. */
  perSecond: number;
  now?: () => number;
}

/**
 * A token bucket: `take()` spends one token, false when none is left.
 *
 * @example
 * const joins = createTokenBucket({ burst: 2, perSecond: 1 });
 * [joins.take(), joins.take(), joins.take()] // → [true, true, false]; one more true a second later
 */
export function createTokenBucket({ burst, perSecond, now = Date.now }: TokenBucketOptions) {
  let tokens = burst;
  let filledAt = now();
  return {
    take(): boolean {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - filledAt) / 1000) * perSecond);
      filledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
