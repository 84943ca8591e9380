// JavaScript budgets, checked after the build; the build fails when a page is over, and the
// sizes are printed either way.
// - The reporter page runs on phones with poor coverage: its scripts and module preloads, plus
//   its service worker, under 100 KB gzipped.
// - The public embed loads in news articles read by many: its own code under 30 KB gzipped on
//   top of MapLibre (the shared `maplibre-*` chunk, cached across pages, is left out).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const PAGES = [
  { name: 'reporter page', html: 'report.html', budgetKb: 100, extra: ['/report-sw.js'], leaveOut: null },
  { name: 'embed', html: 'embed.html', budgetKb: 30, extra: [], leaveOut: /\/maplibre-[^/]*\.js$/ },
];

const gzipped = (text) => gzipSync(text, { level: 9 }).length;

/** The page's JavaScript: inline scripts, script files and module preloads (and `extra` files). */
function pageScripts(page) {
  const html = readFileSync(join(DIST, page.html), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
  ].map((match) => match[1]);
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
  return {
    files: [...new Set([...files, ...page.extra])].filter((file) => !page.leaveOut?.test(file)),
    inlineBytes: inline.reduce((sum, code) => sum + (code.trim() ? gzipped(code) : 0), 0),
  };
}

let over = false;
for (const page of PAGES) {
  const { files, inlineBytes } = pageScripts(page);
  let total = inlineBytes;
  for (const file of files) {
    const size = gzipped(readFileSync(join(DIST, file)));
    total += size;
    process.stdout.write(`  ${file}  ${(size / 1024).toFixed(1)} KB gzipped\n`);
  }
  if (inlineBytes) process.stdout.write(`  (inline scripts)  ${(inlineBytes / 1024).toFixed(1)} KB gzipped\n`);
  const within = total <= page.budgetKb * 1024;
  over ||= !within;
  const note = page.leaveOut ? ' (MapLibre left out)' : '';
  process.stdout.write(
    `${page.name} JavaScript${note}: ${(total / 1024).toFixed(1)} KB gzipped, ${within ? 'within' : 'OVER'} the ${page.budgetKb} KB budget\n`,
  );
}
if (over) process.exit(1);
