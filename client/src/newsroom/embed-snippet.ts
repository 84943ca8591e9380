import type { Lang } from '../i18n/i18n';

export type EmbedTheme = 'light' | 'dark';

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe inside a double-quoted HTML attribute: a caravan's name is typed by staff. */
const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (character) => ATTRIBUTE_ESCAPES[character]!);

/**
 * The iframe a news site pastes into an article to show the public (delayed, coarsened) map.
 * @example embedSnippet({ origin: 'https://rumbo.example', caravanId: 'demo', lang: 'es', theme: 'dark', title: 'Caravana' })
 * // '<iframe src="https://rumbo.example/embed/demo?lang=es&theme=dark" title="Caravana" width="100%" height="480" style="border:0" loading="lazy"></iframe>'
 */
export function embedSnippet(options: {
  origin: string;
  caravanId: string;
  lang: Lang;
  theme: EmbedTheme;
  title: string;
}): string {
  const theme = options.theme === 'dark' ? '&theme=dark' : '';
  // An origin and a slug hold no quote or angle bracket: the src needs no escaping.
  const src = `${options.origin}/embed/${encodeURIComponent(options.caravanId)}?lang=${options.lang}${theme}`;
  return `<iframe src="${src}" title="${escapeAttribute(options.title)}" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
}
