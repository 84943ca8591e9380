import { InvalidInput } from '../domain-errors';

/** GPX elements carry a handful of attributes; a root declaring many namespaces about twenty. */
export const GPX_MAX_ATTRIBUTES_PER_ELEMENT = 64;
/** A start tag, its name and attributes together; a real one (the root's schema list) is a few hundred characters. */
export const GPX_MAX_START_TAG_CHARS = 16 * 1024;

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;
const GREATER_THAN = 0x3e;

const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

const tagName = (text: string, at: number) => /^<[?]?[^\s/>?]{0,40}/.exec(text.slice(at, at + 42))![0].slice(1);

/**
 * The end of the start tag (or processing instruction) at `start`, refusing it past the limits.
 * Bounded work: it reads at most GPX_MAX_START_TAG_CHARS characters; -1 when unterminated.
 */
function endOfStartTag(text: string, start: number): number {
  let quote = 0;
  let attributes = 0;
  const stop = Math.min(text.length, start + GPX_MAX_START_TAG_CHARS);
  for (let at = start + 1; at < stop; at++) {
    const char = text.charCodeAt(at);
    if (quote) {
      if (char === quote) quote = 0;
    } else if (char === QUOTE || char === APOSTROPHE) quote = char;
    else if (char === GREATER_THAN) return at;
    else if (char === EQUALS && ++attributes > GPX_MAX_ATTRIBUTES_PER_ELEMENT) {
      throw new InvalidInput(
        'invalid_gpx',
        `<${tagName(text, start)}> on line ${lineOf(text, start)} carries more than ${GPX_MAX_ATTRIBUTES_PER_ELEMENT} attributes; a GPX element needs a handful`,
      );
    }
  }
  if (stop === text.length) return -1;
  throw new InvalidInput(
    'invalid_gpx',
    `<${tagName(text, start)}> on line ${lineOf(text, start)} is longer than ${GPX_MAX_START_TAG_CHARS.toLocaleString('en')} characters with its attributes; a GPX element is far shorter`,
  );
}

/** Where the markup that opens at `at` ends: comments and CDATA run to their own terminators. */
function endOfMarkup(text: string, at: number): number {
  if (text.startsWith('<!--', at)) return text.indexOf('-->', at + 4);
  if (text.startsWith('<![CDATA[', at)) return text.indexOf(']]>', at + 9);
  const next = text[at + 1];
  if (next === '/' || next === '!') return text.indexOf('>', at);
  return endOfStartTag(text, at);
}

/**
 * Refuses, before any XML parsing, a file whose start tags are bigger than a GPX file ever needs:
 * the XML validator and parser spend time per attribute and per character of a tag (a single
 * element with 870,000 attributes held the event loop for seconds). One linear pass over the
 * text: every accepted file then costs about what a real track of its size costs. A malformed
 * file is left for the validator to describe.
 *
 * @example
 * checkGpxBounds('<gpx><wpt lat="1" lon="2"/></gpx>') // passes
 * checkGpxBounds(`<gpx><wpt ${'a="1" '.repeat(100)}/></gpx>`) // throws InvalidInput('invalid_gpx', '<wpt> on line 1 carries more than 64 attributes; …')
 */
export function checkGpxBounds(text: string): void {
  for (let at = text.indexOf('<'); at !== -1;) {
    const end = endOfMarkup(text, at);
    if (end === -1) return;
    at = text.indexOf('<', end + 1);
  }
}
