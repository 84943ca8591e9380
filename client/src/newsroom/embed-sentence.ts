import type { Translate } from '../i18n/i18n';
import { el } from '../lib/dom';
import { copyField } from './copy-field';

/**
 * The public one-sentence summary, or null where the server has none to give (the caravan is not
 * public, or the server predates summaries): an error page is never shown as the sentence.
 */
async function fetchSentence(path: string, signal: AbortSignal): Promise<string | null> {
  const response = await fetch(path, { signal, headers: { accept: 'text/plain' } });
  if (!response.ok || !response.headers.get('content-type')?.startsWith('text/plain')) return null;
  return (await response.text()).trim() || null;
}

/**
 * The sentence for live blogs, as text to copy (a caravan's name in it is never markup), or a
 * line that says it is loading or not available. A newer request cancels an older one, so a
 * quick change of language never shows the old language's sentence last.
 */
export function sentenceField(t: Translate): { element: HTMLElement; load(path: string): void } {
  const sentence = copyField(t, t('embed.sentence'), { rows: 3, name: 'embed-sentence' });
  const message = el('p', { class: 'dialog__hint', 'data-field': 'embed-sentence-status' });
  let request = new AbortController();
  const settle = (text: string | null) => {
    sentence.show(text ?? '');
    sentence.element.hidden = text === null;
    sentence.copy.disabled = text === null;
    message.textContent = text === null ? t('embed.sentence-unavailable') : '';
  };
  return {
    element: el('div', {}, sentence.element, message),
    load(path) {
      request.abort();
      request = new AbortController();
      const { signal } = request;
      sentence.element.hidden = true;
      sentence.copy.disabled = true;
      message.textContent = t('embed.sentence-loading');
      fetchSentence(path, signal)
        .catch(() => null)
        .then((text) => {
          if (!signal.aborted) settle(text);
        });
    },
  };
}
