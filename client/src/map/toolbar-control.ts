import type { IControl } from 'maplibre-gl';
import './toolbar-control.css';

export interface ToolbarButton {
  /** Names the button in the page (`data-action`) for styles and tests. */
  action: string;
  text: string;
  title: string;
  /** A toggle shows its state with aria-pressed. */
  toggle?: boolean;
  onClick(): void;
}

/** A column of labelled buttons in a map corner, styled like MapLibre's own controls. */
export class ToolbarControl implements IControl {
  private readonly container = document.createElement('div');
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(buttons: readonly ToolbarButton[]) {
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group map-toolbar';
    for (const spec of buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = spec.action;
      button.textContent = spec.text;
      button.title = spec.title;
      if (spec.toggle) button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => spec.onClick());
      this.buttons.set(spec.action, button);
      this.container.append(button);
    }
  }

  setPressed(action: string, pressed: boolean): void {
    this.buttons.get(action)?.setAttribute('aria-pressed', String(pressed));
  }

  onAdd(): HTMLElement {
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }
}
