/** What the embed tells the page around it; the host snippet in the README listens for it. */
export interface HeightMessage {
  type: 'rumbo:height';
  caravanId: string;
  height: number;
}

/**
 * Tells the host page how tall the embed is whenever that changes, so the iframe fits its content
 * with no inner scrollbar (what pym.js does, without the library). The message holds only a
 * height, so any host may read it: '*' is the target origin. The page's layout takes its height
 * from its width, never from the viewport, or each resize by the host would trigger another.
 */
export function reportHeightToHost(root: HTMLElement, caravanId: string): () => void {
  if (window.parent === window) return () => {};
  let sent = 0;
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    const message: HeightMessage = { type: 'rumbo:height', caravanId, height };
    window.parent.postMessage(message, '*');
  });
  observer.observe(root);
  return () => observer.disconnect();
}
