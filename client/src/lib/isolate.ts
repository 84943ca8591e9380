import { el } from './dom';

/**
 * Names and notes are typed by people outside the newsroom and may hold right-to-left text or, if
 * stored before names refused them, bidi control characters. Isolated, such text is laid out on
 * its own: it cannot reorder or take over the words around it (a headcount, "Archived", a label).
 */

/** As an element: `<bdi>` isolates its text and takes its direction from the text itself. */
export const isolated = (text: string) => el('bdi', {}, text);

/**
 * Inside plain text, where no element fits (an `<option>`, a sentence in a message): wrapped in
 * FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the characters `<bdi>` stands for.
 */
export const isolatedText = (text: string) => `\u2068${text}\u2069`;
