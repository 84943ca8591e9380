export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A block of words as the card writes it, sized for the 1200 × 630 social card (scaled to others). */
export interface Paragraph {
  text: string;
  sizePx: number;
  bold?: boolean;
  tone: 'text' | 'muted';
}

/** One line of text placed on the image (y is its baseline). */
export interface PlacedLine {
  text: string;
  x: number;
  y: number;
  sizePx: number;
  bold: boolean;
  tone: 'text' | 'muted';
}

export interface CardLayout {
  /** Where the map is drawn. */
  map: Box;
  lines: PlacedLine[];
  /** How much larger than on the social card things are drawn (line widths, marks, labels). */
  scale: number;
}

const SOCIAL_CARD = { width: 1200, height: 630 };
/** Wider than this (width / height), the words stand in a column beside the map; narrower, above it. */
const SIDE_BY_SIDE_ASPECT = 1.5;
const COLUMN_SHARE = 0.38;
const MIN_FONT_PX = 9;
const LINE_HEIGHT = 1.25;
/**
 * DejaVu Sans's mean advance in Latin text, in ems, rounded up (regular and bold): enough to wrap
 * lines without measuring each glyph, and never to overrun.
 */
const EM_ADVANCE = { regular: 0.6, bold: 0.68 };

/** A size scaled with the image's area, so a newsletter's 600-pixel image keeps readable words. */
export function cardScale(width: number, height: number): number {
  return Math.sqrt((width * height) / (SOCIAL_CARD.width * SOCIAL_CARD.height));
}

/**
 * Words broken into lines no wider than `widthPx`, by an estimated advance per character. Lines
 * break at ordinary spaces only: a no-break space (a time's "10:00 PM CST") holds its words together.
 */
export function wrapWords(text: string, widthPx: number, sizePx: number, bold: boolean): string[] {
  const perLine = Math.max(8, Math.floor(widthPx / (sizePx * (bold ? EM_ADVANCE.bold : EM_ADVANCE.regular))));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\r\n]+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Paragraphs set from `top` down, in a column `width` wide starting at `left`; returns where they end. */
function setParagraphs(paragraphs: readonly Paragraph[], left: number, top: number, width: number, scale: number) {
  const lines: PlacedLine[] = [];
  let y = top;
  for (const { text, sizePx, bold = false, tone } of paragraphs) {
    const size = Math.max(MIN_FONT_PX, sizePx * scale);
    for (const line of wrapWords(text, width, size, bold)) {
      y += size * LINE_HEIGHT;
      lines.push({ text: line, x: left, y: y - size * (LINE_HEIGHT - 1), sizePx: size, bold, tone });
    }
    y += size * 0.5;
  }
  return { lines, bottom: y };
}

/**
 * Where the words and the map go: a column of words left of the map on wide images (the social
 * card), words above the map and the credits below it on narrow ones (a newsletter's column).
 */
export function layoutCard(width: number, height: number, head: readonly Paragraph[], foot: readonly Paragraph[]): CardLayout {
  const scale = cardScale(width, height);
  const margin = 28 * scale;
  if (width / height >= SIDE_BY_SIDE_ASPECT) {
    const columnWidth = Math.round(width * COLUMN_SHARE);
    const textWidth = columnWidth - 2 * margin;
    const top = setParagraphs(head, margin, margin * 0.6, textWidth, scale);
    const footHeight = setParagraphs(foot, 0, 0, textWidth, scale).bottom;
    const bottom = setParagraphs(foot, margin, height - margin * 0.6 - footHeight, textWidth, scale);
    return { map: { x: columnWidth, y: 0, width: width - columnWidth, height }, lines: [...top.lines, ...bottom.lines], scale };
  }
  const textWidth = width - 2 * margin;
  const top = setParagraphs(head, margin, margin * 0.6, textWidth, scale);
  const footHeight = setParagraphs(foot, 0, 0, textWidth, scale).bottom;
  const bottom = setParagraphs(foot, margin, height - margin * 0.4 - footHeight, textWidth, scale);
  const mapTop = top.bottom + margin * 0.2;
  const mapBottom = height - footHeight - margin * 0.6;
  return {
    map: { x: 0, y: mapTop, width, height: Math.max(0, mapBottom - mapTop) },
    lines: [...top.lines, ...bottom.lines],
    scale,
  };
}
