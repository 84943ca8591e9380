/** What a page's policy depends on. */
export interface PagePolicyOptions {
  framable: boolean;
  publicOrigins: readonly string[];
  /** BASEMAP_STYLE_URL, when the map's style comes from another site. */
  basemapStyleUrl: string | null;
}

/**
 * Who may put a page in an iframe: nobody for the newsroom and the reporter page (clickjacking),
 * the sites in PUBLIC_ORIGINS for the embed.
 */
export function frameAncestors(framable: boolean, publicOrigins: readonly string[]): string {
  if (!framable) return "frame-ancestors 'none'";
  if (publicOrigins.includes('*')) return 'frame-ancestors *';
  return `frame-ancestors 'self'${publicOrigins.map((origin) => ` ${origin}`).join('')}`;
}

/**
 * A remote style names its tiles, glyphs and sprites on hosts nobody lists in advance: the
 * style's own origin (an http one too, on a local network) and any https host may serve them.
 */
function mapSources(basemapStyleUrl: string | null): string {
  return basemapStyleUrl ? ` ${new URL(basemapStyleUrl).origin} https:` : '';
}

/**
 * The Content-Security-Policy of every page. Scripts only from our own files, never inline, never
 * eval: a note, a name or an injected attribute can never run as code, which is what keeps the
 * newsroom's token in localStorage out of reach (see README "Safety"). MapLibre needs blob:
 * workers and data:/blob: images; its elements' styles are set from script (CSSOM), which a
 * style-src without 'unsafe-inline' allows.
 */
export function contentSecurityPolicy({ framable, publicOrigins, basemapStyleUrl }: PagePolicyOptions): string {
  const map = mapSources(basemapStyleUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${map}`,
    `connect-src 'self'${map}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    frameAncestors(framable, publicOrigins),
  ].join('; ');
}

/**
 * What a page's address may tell other sites. The newsroom's (`?caravan=`, the ids of caravans
 * not yet public) and the reporter page's go nowhere; the embed is public and may name its origin
 * to tile providers that check keys by referrer. A `#token` is never sent under any policy.
 */
export const referrerPolicy = (framable: boolean) => (framable ? 'strict-origin-when-cross-origin' : 'no-referrer');
