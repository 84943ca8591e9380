import { createHmac, randomBytes } from 'node:crypto';

/** A webhook secret: 32 URL-safe characters (192 bits), shown once at creation. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp is signed with the body,
 * so a receiver that refuses old timestamps cannot be sent a captured delivery again later.
 * @example signature('whsec_x', 1700000000, '{}') // 'sha256=…'
 */
export function signature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}
