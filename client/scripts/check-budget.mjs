// Budgets, checked after the build (and after compress.mjs): the build fails when a page is over,
// and the sizes are printed either way. Bytes are weighed as served: the brotli copy most browsers
// get and the gzip copy the rest get (the budget holds for the larger, gzip), never estimated.
// - The reporter page runs on phones with poor coverage: its scripts and module preloads, plus
//   its service worker, under 100 KB.
// - The public embed loads in news articles read by many: its own code under 30 KB on top of
//   MapLibre (the shared `maplibre-*` chunk, cached across pages, is left out). Its map code is
//   loaded with import() after the words are on the page: the chunks its scripts load that way
//   count too, and the part that paints the words is printed on its own.
// - The data both maps fetch for the bundled basemap: its geography (towns, state lines, state and
//   country names) under 150 KB, and the world's land and country borders under 250 KB.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const PAGES = [
  { name: 'reporter page', html: 'report.html', budgetKb: 100, extra: ['/report-sw.js'], leaveOut: null, lazy: false },
  { name: 'embed', html: 'embed.html', budgetKb: 30, extra: [], leaveOut: /\/maplibre-[^/]*\.js$/, lazy: true },
];

const MAP_DATA = [
  { name: 'basemap geography (towns, states, names)', files: /^(?:towns\.geo|geography\.topo)-[\w-]+\.json$/, budgetKb: 150 },
  { name: 'basemap land and country borders', files: /^countries-50m-[\w-]+\.json$/, budgetKb: 250 },
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** A built file's bytes on the wire: its .br and .gz copies, or the file itself when it has none. */
function servedBytes(file) {
  const path = join(DIST, file);
  const plain = statSync(path).size;
  const copy = (suffix) => (existsSync(path + suffix) ? statSync(path + suffix).size : plain);
  return { br: copy('.br'), gzip: copy('.gz') };
}

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
    // Inline code travels inside the page: its share of the page's gzip copy, near enough.
    inlineBytes: inline.reduce((sum, code) => sum + (code.trim() ? gzipSync(code, { level: 9 }).length : 0), 0),
  };
}

/** The script chunks the given files load with import(): Vite lists them in each file's `__vite__mapDeps`. */
function lazyScripts(files) {
  const found = new Set();
  for (const file of files) {
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const list of code.matchAll(/__vite__mapDeps=[^[]*\[([^\]]*)\]/g))
      for (const dep of list[1].matchAll(/"([^"]+\.js)"/g)) found.add(`/${dep[1]}`);
  }
  return [...found].filter((file) => !files.includes(file));
}

let over = false;
for (const page of PAGES) {
  const scripts = pageScripts(page);
  const { inlineBytes } = scripts;
  const lazy = page.lazy ? lazyScripts(scripts.files).filter((file) => !page.leaveOut?.test(file)) : [];
  const files = [...scripts.files, ...lazy];
  const total = { br: inlineBytes, gzip: inlineBytes };
  for (const file of files) {
    if (file === lazy[0]) {
      process.stdout.write(`  (before import(): ${kb(total.br)} brotli, ${kb(total.gzip)} gzip; then)\n`);
    }
    const size = servedBytes(file);
    total.br += size.br;
    total.gzip += size.gzip;
    process.stdout.write(`  ${file}  ${kb(size.br)} brotli, ${kb(size.gzip)} gzip\n`);
  }
  if (inlineBytes) process.stdout.write(`  (inline scripts)  ${kb(inlineBytes)} gzip\n`);
  const within = total.gzip <= page.budgetKb * 1024;
  over ||= !within;
  const note = page.leaveOut ? ' (MapLibre left out)' : '';
  process.stdout.write(
    `${page.name} JavaScript${note} as served: ${kb(total.br)} brotli, ${kb(total.gzip)} gzip, ${within ? 'within' : 'OVER'} the ${page.budgetKb} KB budget\n`,
  );
}
for (const data of MAP_DATA) {
  const files = readdirSync(join(DIST, 'assets')).filter((file) => data.files.test(file));
  if (files.length === 0) throw new Error(`no built file for the ${data.name}`);
  const total = { br: 0, gzip: 0 };
  for (const file of files) {
    const size = servedBytes(`assets/${file}`);
    total.br += size.br;
    total.gzip += size.gzip;
  }
  const within = total.gzip <= data.budgetKb * 1024;
  over ||= !within;
  process.stdout.write(
    `${data.name} (${files.join(', ')}) as served: ${kb(total.br)} brotli, ${kb(total.gzip)} gzip, ${within ? 'within' : 'OVER'} the ${data.budgetKb} KB budget\n`,
  );
}
if (over) process.exit(1);
