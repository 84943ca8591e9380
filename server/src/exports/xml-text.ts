const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** What XML 1.0 cannot carry at all, escaped or not: most control characters and lone surrogates. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as XML character data or an attribute value. Markup characters are escaped, a carriage
 * return too (a parser would turn it into a line feed), and a character XML 1.0 cannot hold
 * (a control character pasted into a note) becomes U+FFFD, so the file stays well-formed.
 * @example xmlText('Caravana "Éxodo" & <amigos>') // 'Caravana &quot;Éxodo&quot; &amp; &lt;amigos&gt;'
 */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\r]/g, (character) => XML_ESCAPES[character]!);
}
