import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/accounts/secrets';
import { sameDigest } from '../../src/plugins/auth';

describe('sameDigest (the admin token check)', () => {
  const digest = hashSecret('the-admin-token');

  it('is true for the same digest only', () => {
    expect(sameDigest(digest, hashSecret('the-admin-token'))).toBe(true);
    expect(sameDigest(digest, hashSecret('the-admin-tokeN'))).toBe(false);
  });

  it('notices a difference in any one character, first, middle or last', () => {
    for (const at of [0, 31, 63]) {
      const changed = digest.slice(0, at) + (digest[at] === 'a' ? 'b' : 'a') + digest.slice(at + 1);
      expect(sameDigest(digest, changed), `differs at ${at}`).toBe(false);
    }
  });

  it('is false for a prefix, a longer string and the empty string', () => {
    expect(sameDigest(digest, digest.slice(0, 32))).toBe(false);
    expect(sameDigest(digest, `${digest}0`)).toBe(false);
    expect(sameDigest(digest, '')).toBe(false);
    expect(sameDigest('', '')).toBe(true);
  });
});
