type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/**
 * An element with attributes and children. Strings become text nodes, never markup: report
 * notes and names are typed by people outside the newsroom. `false`/`null` attributes are left out.
 * @example el('button', { type: 'button', 'data-action': 'hide' }, 'Hide')
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** An `<option>`; its label is text. */
export const option = (value: string, label: string, selected = false) => {
  const element = el('option', { value }, label);
  element.selected = selected;
  return element;
};
