/**
 * Publishes the sizes the phone layout stacks by, as CSS variables on the page's root, kept up to
 * date as they change (the sheet folds, the replay bar wraps, the legend opens):
 * - `--sheet-height`: the panel's height, docked at the bottom: the replay bar sits on it;
 * - `--replay-height`: the replay bar's: MapLibre's bottom corners sit on the two together;
 * - `--map-controls-bottom`: where the map's top-right controls end: the sheet never reaches up to them.
 * The stylesheet uses them under its phone breakpoint only (newsroom.css); wider layouts ignore them.
 */
export function mountDockLayout(panel: HTMLElement, replay: HTMLElement, mapElement: HTMLElement): void {
  const root = document.documentElement.style;
  const topRightControls = mapElement.querySelector<HTMLElement>('.maplibregl-ctrl-top-right');
  const height = (element: HTMLElement) => (element.hidden ? 0 : element.getBoundingClientRect().height);
  const publish = () => {
    root.setProperty('--sheet-height', `${height(panel)}px`);
    root.setProperty('--replay-height', `${height(replay)}px`);
    if (topRightControls) {
      const controlsBottom = topRightControls.getBoundingClientRect().bottom - mapElement.getBoundingClientRect().top;
      root.setProperty('--map-controls-bottom', `${Math.max(0, controlsBottom)}px`);
    }
  };
  const observer = new ResizeObserver(publish);
  for (const element of [panel, replay, topRightControls]) if (element) observer.observe(element);
  publish();
}
