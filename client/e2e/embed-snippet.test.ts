import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embedSnippet } from '../src/newsroom/embed-snippet';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The html block of the README's "Embedding the map" section: what a newcomer copies by hand. */
function readmeSnippet(): string {
  const section = README.slice(README.indexOf('## Embedding the map'));
  const block = section.match(/```html\n([\s\S]*?)\n```/);
  if (!block) throw new Error('README: no html block under "## Embedding the map"');
  return block[1]!;
}

const SPANISH_DARK = {
  origin: 'https://rumbo.example',
  caravanId: 'enero-2024',
  lang: 'es',
  theme: 'dark',
  title: 'Caravana de enero',
} as const;

describe('embedSnippet (the dashboard Embed dialog)', () => {
  it('is the README snippet, word for word', () => {
    expect(embedSnippet(SPANISH_DARK)).toBe(readmeSnippet());
  });

  it('gives the iframe, then the host listener that sizes it from messages of Rumbo’s origin only', () => {
    const snippet = embedSnippet(SPANISH_DARK);
    const [iframe, ...script] = snippet.split('\n');
    expect(iframe).toBe(
      '<iframe src="https://rumbo.example/embed/enero-2024?lang=es&theme=dark" title="Caravana de enero" width="100%" height="480" style="border:0" loading="lazy"></iframe>',
    );
    const listener = script.join('\n');
    expect(listener).toMatch(/^<script>\n[\s\S]*<\/script>$/);
    expect(listener).toContain("window.addEventListener('message', function (event) {");
    expect(listener).toContain("if (event.origin !== 'https://rumbo.example' || !data || data.type !== 'rumbo:height') return;");
    expect(listener).toContain("frame.style.height = data.height + 'px';");
  });

  it('runs: the listener resizes only the frame that asked, and only for Rumbo', () => {
    const listener = embedSnippet(SPANISH_DARK).split('\n').slice(2, -1).join('\n');
    const frames = [
      { contentWindow: 'embed', style: { height: '' } },
      { contentWindow: 'video', style: { height: '' } },
    ];
    let onMessage: (event: { origin: string; source: string; data: unknown }) => void = () => {};
    const host = {
      addEventListener: (_type: string, handler: typeof onMessage) => (onMessage = handler),
    };
    const document = { querySelectorAll: () => frames };
    new Function('window', 'document', listener)(host, document);
    onMessage({ origin: 'https://evil.example', source: 'embed', data: { type: 'rumbo:height', height: 9999 } });
    expect(frames[0]!.style.height).toBe('');
    onMessage({
      origin: 'https://rumbo.example',
      source: 'embed',
      data: { type: 'rumbo:height', caravanId: 'enero-2024', height: 612 },
    });
    expect(frames.map((frame) => frame.style.height)).toEqual(['612px', '']);
  });

  it('escapes the caravan name in the title and adds the theme only when dark', () => {
    const snippet = embedSnippet({ ...SPANISH_DARK, lang: 'en', theme: 'light', title: 'A "b" <c> & d' });
    expect(snippet.split('\n')[0]).toBe(
      '<iframe src="https://rumbo.example/embed/enero-2024?lang=en" title="A &quot;b&quot; &lt;c&gt; &amp; d" width="100%" height="480" style="border:0" loading="lazy"></iframe>',
    );
  });
});
