import './skip-links.css';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Where a skip link lands inside its target: the element marked `data-skip-entry` (the replay
 * slider), else the target itself when it takes focus (the reports section), else its first
 * control (the map's canvas, whose arrow keys pan).
 */
function entryOf(target: HTMLElement): HTMLElement | null {
  if (target.hasAttribute('tabindex')) return target;
  return target.querySelector<HTMLElement>('[data-skip-entry]') ?? target.querySelector<HTMLElement>(FOCUSABLE);
}

const targetOf = (link: HTMLAnchorElement) => document.getElementById(decodeURIComponent(link.hash.slice(1)));

/**
 * The links at the top of the page that take a keyboard to the map, the replay slider or the
 * reports in one press instead of hundreds of Tabs. A link whose part of the page is hidden (no
 * reports yet: no replay bar) is hidden with it, so no link goes nowhere.
 */
export function mountSkipLinks(nav: HTMLElement): void {
  const links = [...nav.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  for (const link of links) {
    link.addEventListener('click', (event) => {
      const target = targetOf(link);
      const entry = target && entryOf(target);
      if (!entry) return;
      // Focus, not the browser's jump to the fragment: the address stays as it was.
      event.preventDefault();
      entry.focus();
    });
  }
  const showReachable = () => {
    for (const link of links) {
      const unreachable = targetOf(link)?.closest('[hidden]') !== null;
      // Only on a change: setting `hidden` again is a mutation too, and this observer would hear it.
      if (link.hidden !== unreachable) link.hidden = unreachable;
    }
  };
  showReachable();
  new MutationObserver(showReachable).observe(document.body, { attributes: true, attributeFilter: ['hidden'], subtree: true });
  nav.hidden = false;
}
