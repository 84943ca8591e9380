import type { IControl } from 'maplibre-gl';
import './legend-control.css';

/** Room kept between the legend and what a framed map shows. */
const REACH_MARGIN_PX = 20;

/** What a legend entry explains; each is drawn by its own small CSS symbol (legend-control.css). */
export type LegendSymbol = 'track' | 'latest' | 'accuracy' | 'area' | 'route' | 'border' | 'crossing' | 'flagged' | 'hidden';

export interface LegendEntry {
  symbol: LegendSymbol;
  text: string;
  /** Left out of the list until shown (say, the planned route of a caravan that has one). */
  hidden?: boolean;
}

/**
 * The map's key: a list of what each mark means, in words beside a small drawing of it, so nothing
 * is told by colour alone. It folds away (a native `<details>`, keyboard and screen-reader ready)
 * to leave a narrow map clear.
 */
export class LegendControl implements IControl {
  private readonly container = document.createElement('div');
  private readonly details = document.createElement('details');
  private readonly items = new Map<LegendSymbol, HTMLLIElement>();

  constructor(title: string, entries: readonly LegendEntry[], options: { open: boolean }) {
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group map-legend';
    const { details } = this;
    details.open = options.open;
    const summary = document.createElement('summary');
    summary.textContent = title;
    const list = document.createElement('ul');
    list.setAttribute('aria-label', title);
    for (const entry of entries) {
      const item = document.createElement('li');
      item.dataset.symbol = entry.symbol;
      item.hidden = entry.hidden ?? false;
      const mark = document.createElement('span');
      mark.className = `map-legend__mark map-legend__mark--${entry.symbol}`;
      mark.setAttribute('aria-hidden', 'true');
      item.append(mark, entry.text);
      this.items.set(entry.symbol, item);
      list.append(item);
    }
    details.append(summary, list);
    this.container.append(details);
  }

  /**
   * How far into the map, from its side, the legend reaches while open (0 when folded), in
   * pixels with a margin: framing keeps what matters out from under it.
   */
  reach(): number {
    return this.details.open ? this.container.offsetWidth + REACH_MARGIN_PX : 0;
  }

  /** Lists or leaves out an entry, as what it explains comes and goes from the map. */
  show(symbol: LegendSymbol, shown: boolean): void {
    const item = this.items.get(symbol);
    if (item) item.hidden = !shown;
  }

  onAdd(): HTMLElement {
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }
}
