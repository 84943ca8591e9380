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

/**
 * How much of the map the page's overlays cover (the side panel on the left, the replay bar at
 * the bottom), so framing the track keeps it in the part of the map people can see.
 */
export function overlayPadding(mapElement: HTMLElement): Insets {
  const map = mapElement.getBoundingClientRect();
  const panel = document.getElementById('panel');
  const replay = document.getElementById('replay');
  const panelRight = panel && !panel.hidden ? panel.getBoundingClientRect().right - map.left : 0;
  const replayTop = replay && !replay.hidden ? replay.getBoundingClientRect().top - map.top : map.height;
  // On a narrow screen the panel covers most of the map: frame the whole map instead.
  const left = panelRight > 0 && panelRight < map.width * 0.6 ? panelRight + MARGIN / 2 : MARGIN;
  const right = Math.min(RIGHT, Math.max(MARGIN, map.width - left - 200));
  const bottom = Math.max(MARGIN, map.height - replayTop + MARGIN / 2);
  return { top: MARGIN, right, bottom: Math.min(bottom, map.height / 2), left };
}
