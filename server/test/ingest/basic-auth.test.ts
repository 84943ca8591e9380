import { describe, expect, it } from 'vitest';
import { basicCredentials } from '../../src/ingest/basic-auth';

const encode = (text: string) => Buffer.from(text).toString('base64');

describe('basicCredentials', () => {
  it('splits at the first colon, so a password may contain colons', () => {
    expect(basicCredentials(`Basic ${encode('rep-0123456789:a:b')}`)).toEqual({ user: 'rep-0123456789', password: 'a:b' });
    expect(basicCredentials(`basic   ${encode('u:')}`)).toEqual({ user: 'u', password: '' });
  });

  it('returns null for a missing header, another scheme, or no colon', () => {
    expect(basicCredentials(undefined)).toBeNull();
    expect(basicCredentials(`Bearer ${encode('u:p')}`)).toBeNull();
    expect(basicCredentials(`Basic ${encode('no-colon')}`)).toBeNull();
    expect(basicCredentials('Basic !!!')).toBeNull();
  });
});
