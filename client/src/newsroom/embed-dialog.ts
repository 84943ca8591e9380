import { translator, type Lang } from '../i18n/i18n';
import { NEWSROOM_STRINGS } from '../i18n/newsroom-strings';
import { copyText } from '../lib/copy-text';
import { el } from '../lib/dom';
import { embedSnippet, type EmbedTheme } from './embed-snippet';
import type { NewsroomState } from './state';

function choice(name: string, value: string, label: string, checked: boolean): HTMLLabelElement {
  return el('label', { class: 'choice' }, el('input', { type: 'radio', name, value, checked }), label);
}

/**
 * The "Embed" dialog: the iframe snippet of the public embed for the open caravan, in the
 * language and theme chosen, with a Copy button. Returns what opens it.
 */
export function createEmbedDialog(state: NewsroomState): { dialog: HTMLDialogElement; open(): void } {
  const { t } = state;
  const snippet = el('textarea', { readonly: true, rows: 10, 'data-field': 'embed-snippet', 'aria-label': t('embed.snippet') });
  const copy = el('button', { type: 'button', 'data-action': 'copy-embed' }, t('copy'));
  const copied = el('span', { class: 'copy-status', role: 'status' });
  const options = el(
    'form',
    { class: 'embed__options' },
    el(
      'fieldset',
      {},
      el('legend', {}, t('embed.language')),
      choice('lang', 'es', 'Español', state.lang === 'es'),
      choice('lang', 'en', 'English', state.lang === 'en'),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, t('embed.theme')),
      choice('theme', 'light', t('embed.light'), true),
      choice('theme', 'dark', t('embed.dark'), false),
    ),
  );
  const close = el('button', { type: 'button', class: 'dialog__close', 'data-action': 'close' }, t('close'));
  const dialog = el(
    'dialog',
    { class: 'dialog embed', 'aria-labelledby': 'embed-title', 'data-dialog': 'embed' },
    el('h2', { id: 'embed-title' }, t('embed.title')),
    el('p', { class: 'dialog__hint' }, t('embed.hint')),
    options,
    snippet,
    el('div', { class: 'dialog__actions' }, copy, copied, close),
  );

  const update = () => {
    const form = new FormData(options);
    const lang: Lang = form.get('lang') === 'en' ? 'en' : 'es';
    const theme: EmbedTheme = form.get('theme') === 'dark' ? 'dark' : 'light';
    const name = state.viewSummary.value?.caravan.name ?? state.caravanId.value ?? '';
    // The iframe's title is read by screen readers on the news site: in the embed's language.
    const title = translator(NEWSROOM_STRINGS, lang)('embed.iframe-title', { name });
    snippet.value = embedSnippet({ origin: location.origin, caravanId: state.caravanId.value ?? '', lang, theme, title });
    copied.textContent = '';
  };
  options.addEventListener('change', update);
  copy.addEventListener('click', async () => {
    copied.textContent = t((await copyText(snippet)) === 'copied' ? 'copied' : 'copy-selected');
  });
  close.addEventListener('click', () => dialog.close());
  return {
    dialog,
    open() {
      update();
      dialog.showModal();
    },
  };
}
