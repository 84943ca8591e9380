/** Pixels covered on each side of the map. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const MARGIN = 40;
/** Room for the zoom buttons and the map tools on the right. */
const RIGHT = 150;
/** The least height of map a framing keeps, however much the overlays cover. */
const MIN_FRAMED_HEIGHT = 120;

/** An overlay's box, or null while it is not shown. */
function shownBox(id: string): DOMRect | null {
  const element = document.getElementById(id);
  return element && !element.hidden ? element.getBoundingClientRect() : null;
}

/**
 * How much of the map the page's overlays cover, so framing the track keeps it in the part of
 * the map people can see. The replay bar covers the bottom. The panel is a column on the left on
 * wide screens (over most of a narrow map, it is left out: the whole map is framed instead), and
 * on phones a sheet across the bottom, under the replay bar, folded or not.
 */
export function overlayPadding(mapElement: HTMLElement): Insets {
  const map = mapElement.getBoundingClientRect();
  const panel = shownBox('panel');
  const replay = shownBox('replay');
  let left = MARGIN;
  let bottom = MARGIN;
  const coversBottomFrom = (box: DOMRect) => (bottom = Math.max(bottom, map.bottom - box.top + MARGIN / 2));
  if (replay) coversBottomFrom(replay);
  if (panel && panel.width >= map.width - 2 * MARGIN) coversBottomFrom(panel);
  else if (panel && panel.right - map.left < map.width * 0.6) left = panel.right - map.left + MARGIN / 2;
  const right = Math.min(RIGHT, Math.max(MARGIN, map.width - left - 200));
  return { top: MARGIN, right, bottom: Math.min(bottom, map.height - MARGIN - MIN_FRAMED_HEIGHT), left };
}
