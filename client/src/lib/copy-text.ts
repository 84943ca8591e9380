/**
 * Copies text to the clipboard. Where the Clipboard API is refused (plain http, an older
 * browser, no permission), selects the field instead so Ctrl+C / ⌘C copies it; says which happened.
 */
export async function copyText(field: HTMLInputElement | HTMLTextAreaElement): Promise<'copied' | 'selected'> {
  try {
    await navigator.clipboard.writeText(field.value);
    return 'copied';
  } catch {
    field.focus();
    field.select();
    return 'selected';
  }
}
