import type { Lang } from '../i18n/i18n';
import { embedPath, type EmbedTheme } from './embed-links';

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe inside a double-quoted HTML attribute: a caravan's name is typed by staff. */
const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (character) => ATTRIBUTE_ESCAPES[character]!);

/**
 * The host page's listener for the embed's `rumbo:height` messages (see embed/host-height.ts): it
 * sets the frame that sent one to the height asked, and trusts only messages from Rumbo's origin.
 * Without it the embed fills the height the iframe has.
 */
const resizeListener = (origin: string) => `<script>
  // Optional: the map sets its frame's height to fit (it posts {type:'rumbo:height', caravanId, height}).
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== '${origin}' || !data || data.type !== 'rumbo:height') return;
    document.querySelectorAll('iframe').forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = data.height + 'px';
    });
  });
</script>`;

/**
 * What a news site pastes into an article to show the public (delayed, coarsened) map: the iframe,
 * then the listener that lets it size its frame. The README shows the same snippet (a test checks).
 * @example embedSnippet({ origin: 'https://rumbo.example', caravanId: 'demo', lang: 'es', theme: 'dark', title: 'Caravana' })
 * // '<iframe src="https://rumbo.example/embed/demo?lang=es&theme=dark" title="Caravana" width="100%" height="480" style="border:0" loading="lazy"></iframe>\n<script>…</script>'
 */
export function embedSnippet(options: {
  origin: string;
  caravanId: string;
  lang: Lang;
  theme: EmbedTheme;
  title: string;
}): string {
  // An origin and a slug hold no quote or angle bracket: the src and the script need no escaping.
  const src = options.origin + embedPath(options.caravanId, options.lang, options.theme);
  const iframe = `<iframe src="${src}" title="${escapeAttribute(options.title)}" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
  return `${iframe}\n${resizeListener(options.origin)}`;
}
