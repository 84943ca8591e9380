import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { Config } from '../config';

/** Whether the address `hop` steps from us is a proxy whose X-Forwarded-For we believe. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY compiled once, with the module Fastify itself uses, so HTTP requests (Fastify's
 * `request.ip`) and sockets (`clientAddress`) agree on who the client is. A hop count trusts
 * the first `hops` proxies in front of us; false trusts nobody: the header is ignored.
 */
export function compileTrustProxy(trust: Config['trustProxy']): TrustProxy | false {
  if (trust === false) return false;
  if (trust === true) return () => true;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/**
 * The client address of a raw request (a socket's handshake), as Fastify's `request.ip` reads it:
 * from X-Forwarded-For only as far as the trusted proxies go, else the connection's own address.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy | false): string {
  if (!trust) return request.socket.remoteAddress ?? 'unknown';
  return proxyAddr(request, trust);
}
