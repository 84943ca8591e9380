/** User and password from an `Authorization: Basic ...` header (RFC 7617). */
export interface BasicCredentials {
  user: string;
  password: string;
}

/** Null when the header is absent, not Basic, or not `user:password` in base64. */
export function basicCredentials(header: string | undefined): BasicCredentials | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
