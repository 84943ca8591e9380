export type Lang = 'en' | 'es';
export type Dictionary = Record<string, string>;

/** The locale a page's numbers are written in. Mexican Spanish groups thousands ("1,906") as English does; Spain's would not. */
export const localeFor = (lang: Lang) => (lang === 'es' ? 'es-MX' : 'en-US');

/** `?lang=es` wins, then the browser's language; English otherwise. */
export function detectLang(search = location.search, languages: readonly string[] = navigator.languages): Lang {
  const requested = new URLSearchParams(search).get('lang');
  if (requested === 'es' || requested === 'en') return requested;
  return languages.some((language) => language.toLowerCase().startsWith('es')) ? 'es' : 'en';
}

/**
 * A translator for one page: `t('key', { n: 1906 })` fills `{n}`, a number grouped the page's way
 * ("1,906"). A missing key shows itself, so a gap is visible in review instead of silently blank.
 */
export function translator(strings: Record<Lang, Dictionary>, lang: Lang) {
  const numbers = new Intl.NumberFormat(localeFor(lang), { maximumFractionDigits: 3 });
  const text = (value: string | number) => (typeof value === 'number' ? numbers.format(value) : value);
  return function t(key: string, values: Record<string, string | number> = {}): string {
    const template = strings[lang][key] ?? strings.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      return value === undefined ? `{${name}}` : text(value);
    });
  };
}
export type Translate = ReturnType<typeof translator>;

/** Fills every `[data-i18n]` element's text (never HTML) and `[data-i18n-title]`/`-placeholder`/`-label` attributes. */
export function translatePage(root: ParentNode, t: Translate): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n!);
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle!);
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    element.setAttribute('aria-label', t(element.dataset.i18nLabel!));
  for (const element of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]'))
    element.placeholder = t(element.dataset.i18nPlaceholder!);
}
