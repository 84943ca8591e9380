import { translator, type Lang } from '../i18n/i18n';
import { NEWSROOM_STRINGS } from '../i18n/newsroom-strings';
import { el } from '../lib/dom';
import { copyField } from './copy-field';
import { embedPath, MAP_IMAGES, mapImagePath, publicPagePath, summaryPath, type EmbedTheme } from './embed-links';
import { framePreview, imagePreview } from './embed-previews';
import { sentenceField } from './embed-sentence';
import { embedSnippet } from './embed-snippet';
import type { NewsroomState } from './state';

function choice(name: string, value: string, label: string, checked: boolean): HTMLLabelElement {
  return el('label', { class: 'choice' }, el('input', { type: 'radio', name, value, checked }), label);
}

/** A titled part of the dialog; its heading names it for screen readers' region lists. */
function section(id: string, title: string, ...children: Node[]): HTMLElement {
  return el('section', { class: 'embed__section', 'aria-labelledby': id }, el('h3', { id }, title), ...children);
}

/** The language and theme chosen for everything the dialog offers. */
function createOptions(state: NewsroomState): { form: HTMLFormElement; read(): { lang: Lang; theme: EmbedTheme } } {
  const { t } = state;
  const form = el(
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
  return {
    form,
    read() {
      const chosen = new FormData(form);
      return { lang: chosen.get('lang') === 'en' ? 'en' : 'es', theme: chosen.get('theme') === 'dark' ? 'dark' : 'light' };
    },
  };
}

/**
 * The "Embed" dialog: for the open caravan, in the language and theme chosen, everything a story
 * can carry of the public map, each with a Copy button and a preview: the iframe snippet, the
 * static map images (social card, newsletter, SVG), the shareable page's link and the sentence for
 * live blogs. Links are absolute, on the public origin; previews load from this server.
 * Returns what opens it.
 */
export function createEmbedDialog(state: NewsroomState): { dialog: HTMLDialogElement; open(): void } {
  const { t } = state;
  const options = createOptions(state);
  const caravanName = el('p', { class: 'embed__caravan', dir: 'auto', 'data-field': 'embed-caravan' });
  const snippet = copyField(t, t('embed.snippet'), { rows: 8, name: 'embed-snippet' });
  snippet.copy.dataset.action = 'copy-embed';
  const frame = framePreview(t);
  const images = MAP_IMAGES.map((image) => ({
    image,
    link: copyField(t, t(`embed.image.${image.kind}`), { name: `embed-image-${image.kind}` }),
    preview: imagePreview(t),
  }));
  const page = copyField(t, t('embed.page-link'), { name: 'embed-page' });
  const openPage = el('a', { target: '_blank', rel: 'noopener', 'data-field': 'embed-page-open' }, t('embed.page-open'));
  const sentence = sentenceField(t);
  const close = el('button', { type: 'button', class: 'dialog__close', 'data-action': 'close' }, t('close'));
  const dialog = el(
    'dialog',
    { class: 'dialog embed', 'aria-labelledby': 'embed-title', 'data-dialog': 'embed' },
    el('h2', { id: 'embed-title' }, t('embed.title')),
    caravanName,
    el('p', { class: 'dialog__hint' }, t('embed.hint')),
    options.form,
    section('embed-iframe', t('embed.section.iframe'), snippet.element, frame.element),
    section(
      'embed-images',
      t('embed.section.images'),
      el('p', { class: 'dialog__hint' }, t('embed.images-hint')),
      ...images.map(({ link, preview }) => el('div', { class: 'embed__image' }, link.element, preview.element)),
    ),
    section(
      'embed-page',
      t('embed.section.page'),
      el('p', { class: 'dialog__hint' }, t('embed.page-hint')),
      page.element,
      openPage,
    ),
    section('embed-sentence', t('embed.section.sentence'), sentence.element),
    el('div', { class: 'dialog__actions' }, close),
  );

  const update = (reloadSentence: boolean) => {
    const { lang, theme } = options.read();
    const caravanId = state.caravanId.value ?? '';
    const name = state.viewSummary.value?.caravan.name ?? caravanId;
    const origin = state.publicOrigin;
    caravanName.textContent = name;
    // What the news site shows is read by its screen readers: in the embed's language.
    const embedT = translator(NEWSROOM_STRINGS, lang);
    const title = embedT('embed.iframe-title', { name });
    snippet.show(embedSnippet({ origin, caravanId, lang, theme, title }));
    frame.show(embedPath(caravanId, lang, theme), title);
    for (const { image, link, preview } of images) {
      const path = mapImagePath(caravanId, image, lang, theme);
      link.show(origin + path);
      preview.show(path, t('embed.image-alt', { name }));
    }
    page.show(origin + publicPagePath(caravanId, lang));
    openPage.href = origin + publicPagePath(caravanId, lang);
    if (reloadSentence) sentence.load(summaryPath(caravanId, lang));
  };
  options.form.addEventListener('change', (event) => update((event.target as HTMLInputElement).name === 'lang'));
  close.addEventListener('click', () => dialog.close());
  return {
    dialog,
    open() {
      update(true);
      dialog.showModal();
    },
  };
}
