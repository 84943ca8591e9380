/** What the embed tells the page around it; the host snippet in the README listens for it. */
export interface HeightMessage {
  type: 'rumbo:height';
  caravanId: string;
  height: number;
}

/** The map's height when the host lets the embed choose: 3:2 of its width, within these bounds. */
const NATURAL_MAP_MIN_PX = 220;
const NATURAL_MAP_MAX_PX = 560;
/**
 * Frames up to this height get the short layout (embed.css, `max-height: 359px`). A height the
 * embed asks for is never one of them, so an auto-height host always lands in the regular layout,
 * whose natural height depends on the width alone: one answer, no loop.
 */
const SHORT_FRAME_MAX_PX = 359;

/** The map's height in a frame sized to fit: from the width, never from the frame's height. */
export const naturalMapHeight = (widthPx: number) =>
  Math.round(Math.min(NATURAL_MAP_MAX_PX, Math.max(NATURAL_MAP_MIN_PX, (widthPx * 2) / 3)));

/**
 * The height the embed would like: its words as laid out now, plus the map at its natural height.
 * The page fills whatever frame it gets (the map takes what the words leave), so its own height is
 * the frame's and says nothing; this one does not depend on the frame's height.
 */
export function naturalHeight(root: HTMLElement, mapElement: HTMLElement): number {
  const mapShown = mapElement.offsetParent !== null;
  const wordsPx = root.scrollHeight - (mapShown ? mapElement.offsetHeight : 0);
  if (!mapShown) return Math.ceil(wordsPx);
  return Math.max(SHORT_FRAME_MAX_PX + 1, Math.ceil(wordsPx + naturalMapHeight(mapElement.clientWidth)));
}

/**
 * Tells the host page the embed's natural height whenever it changes, so a host that wants it
 * can size the iframe to fit (what pym.js does, without the library); a host that does not keeps
 * its own height and the page fills it. The message holds only a height, so any host may read
 * it: '*' is the target origin.
 */
export function reportHeightToHost(root: HTMLElement, mapElement: HTMLElement, caravanId: string): () => void {
  if (window.parent === window) return () => {};
  let sent = 0;
  const observer = new ResizeObserver(() => {
    const height = naturalHeight(root, mapElement);
    if (height === sent) return;
    sent = height;
    const message: HeightMessage = { type: 'rumbo:height', caravanId, height };
    window.parent.postMessage(message, '*');
  });
  // The words change height as they arrive and wrap; the root as the frame's width changes.
  observer.observe(root);
  for (const child of root.children) if (child !== mapElement) observer.observe(child);
  return () => observer.disconnect();
}
