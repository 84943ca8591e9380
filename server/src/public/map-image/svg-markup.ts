/**
 * A pixel value as the image writes it: one decimal at most. Every number in a map image goes
 * through here, so none says more than a tenth of a pixel (far coarser than the public grid at
 * any size the image can have), and no longitude or latitude is ever written.
 * @example px(12.3456) // '12.3'
 */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** Characters XML 1.0 does not allow in a document at all, even escaped (controls, lone surrogates, U+FFFE/F). */
const NOT_IN_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: XML forbids them.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text as SVG content or an attribute value: caravan names are user input, so markup in them is
 * escaped and characters XML cannot hold are dropped.
 * @example escapeXml('<b>Éxodo & "fe"</b>') // '&lt;b&gt;Éxodo &amp; &quot;fe&quot;&lt;/b&gt;'
 */
export const escapeXml = (text: string): string =>
  text.replace(NOT_IN_XML, '').replace(/[&<>"']/g, (character) => ENTITIES[character]!);
