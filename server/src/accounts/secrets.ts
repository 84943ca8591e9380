import { hash, randomBytes } from 'node:crypto';

/**
 * Secrets are stored only as SHA-256 hashes. They are 128-bit-plus random values, not passwords a
 * person chose, so a fast hash is enough: nobody can guess one, and the hash cannot be reversed.
 */
export const hashSecret = (secret: string) => hash('sha256', secret, 'hex');

/** A bearer token: 32 URL-safe characters (192 bits). */
export const newToken = () => randomBytes(24).toString('base64url');

const DEVICE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A device id for phone apps (Traccar Client, OsmAnd): 16 lowercase letters and digits without
 * look-alikes (l, o, 0, 1), easy to type on a phone; 80 bits of randomness.
 */
export function newDeviceId(): string {
  return Array.from(randomBytes(16), (byte) => DEVICE_ALPHABET[byte % DEVICE_ALPHABET.length]).join('');
}

export const newAccountId = (role: string) => `${role === 'reporter' ? 'rep' : 'stf'}-${randomBytes(5).toString('hex')}`;
