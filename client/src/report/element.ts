/**
 * An element with a class and, optionally, text. Text only, never markup: notes and the server's
 * messages are shown as typed.
 * @example element('span', 'record__time', '14:03:12')
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}

/** The one element a page part cannot work without; a missing one is a bug in report.html. */
export function required<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`report.html: no ${selector}`);
  return found;
}
