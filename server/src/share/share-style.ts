import { createHash } from 'node:crypto';

/**
 * The share page's whole stylesheet: one column that fits a phone, the map image as wide as the
 * column, light or dark with the reader's system. Served as a file of its own (the pages' CSP
 * allows no inline style), at an address named by its hash, so it may be kept for a year.
 */
export const SHARE_CSS = `:root { color-scheme: light dark; --text: #1b1f24; --muted: #4a5360; --page: #ffffff; --link: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --text: #e8eaed; --muted: #b6bcc6; --page: #15181c; --link: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--text); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.share { max-width: 48rem; margin: 0 auto; padding: 1rem; }
.share__name { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
.share__headline { font-size: 1.25rem; font-weight: 600; margin: 0 0 1rem; }
.share__map { display: block; width: 100%; height: auto; border-radius: 4px; }
.share__sentence { margin: 1rem 0 0.5rem; }
.share__safety { color: var(--muted); margin: 0 0 1rem; }
.share__live { color: var(--link); font-weight: 600; display: inline-block; padding: 0.5rem 0; }
.share__foot { max-width: 48rem; margin: 0 auto; padding: 0 1rem 1rem; color: var(--muted); font-size: 0.875rem; }
`;

/** Where the stylesheet is served: a new stylesheet is a new address. */
export const SHARE_CSS_PATH = `/c/page.${createHash('sha256').update(SHARE_CSS).digest('base64url').slice(0, 12)}.css`;
