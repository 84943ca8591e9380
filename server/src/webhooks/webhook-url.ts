import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InvalidInput } from '../domain-errors';

/** Addresses a webhook may not reach (SSRF): loopback, private, link-local, shared, multicast, unspecified. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one a webhook may not reach; IPv4-mapped IPv6 is judged as IPv4. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why a webhook URL may not be called, or null when it may: https only, and no host that
 * resolves to a private address, unless `allowPrivate` (WEBHOOK_ALLOW_PRIVATE: tests and
 * on-premises receivers). Checked at creation and again before each attempt (DNS can change).
 */
export async function refusedWebhookUrl(raw: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (allowPrivate) return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'must be an http(s) URL';
  if (url.protocol !== 'https:') return 'must be an https URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address);
  if (addresses.length === 0) return `host ${host} does not resolve`;
  if (addresses.some(isPrivateAddress)) return `host ${host} resolves to a private or loopback address`;
  return null;
}

/** The URL checked for a new webhook: InvalidInput naming `url` when refused. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<void> {
  const refused = await refusedWebhookUrl(raw, allowPrivate);
  if (refused)
    throw new InvalidInput('invalid_webhook', `url: ${refused}`, [
      { field: 'url', rule: 'webhook_url', message: `url: ${refused}` },
    ]);
}
