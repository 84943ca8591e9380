import type { Translate } from '../i18n/i18n';
import { el } from '../lib/dom';

/**
 * The preview of a map image: the image itself, fetched only once it is scrolled into view. An
 * image the server cannot give (the caravan is not public, or the server predates map images)
 * shows a short message instead of a broken picture. `data-state` says which: loading, loaded, failed.
 */
export function imagePreview(t: Translate): { element: HTMLElement; show(path: string, alt: string): void } {
  const image = el('img', { loading: 'lazy', decoding: 'async', alt: '' });
  const failed = el('p', { class: 'preview__failed', hidden: true }, t('embed.preview-failed'));
  const element = el('figure', { class: 'preview', 'data-state': 'loading' }, image, failed);
  image.addEventListener('load', () => (element.dataset.state = 'loaded'));
  image.addEventListener('error', () => {
    element.dataset.state = 'failed';
    image.hidden = true;
    failed.hidden = false;
  });
  return {
    element,
    show(path, alt) {
      image.alt = alt;
      if (image.getAttribute('src') === path) return;
      element.dataset.state = 'loading';
      image.hidden = false;
      failed.hidden = true;
      image.src = path;
    },
  };
}

/**
 * The embed as readers will see it, in a frame loaded only when asked for: a live map is a WebGL
 * context and a stream of requests the dashboard should not pay for each time the dialog opens.
 */
export function framePreview(t: Translate): { element: HTMLElement; show(path: string, title: string): void } {
  let path = '';
  const frame = el('iframe', { class: 'preview__frame', loading: 'lazy' });
  const element = el('details', { class: 'preview' }, el('summary', {}, t('embed.preview')), frame);
  const load = () => {
    if (element.open && frame.getAttribute('src') !== path) frame.src = path;
  };
  element.addEventListener('toggle', load);
  return {
    element,
    show(next, title) {
      path = next;
      frame.title = title;
      load();
    },
  };
}
