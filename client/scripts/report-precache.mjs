// After `vite build`: writes into dist/report-sw.js the files the reporter page needs to open
// offline (its built assets, the manifest, the icon) and a version made from their contents, so
// every build that changes them is a new service worker that replaces the old cache.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const WORKER = join(DIST, 'report-sw.js');
const PRECACHE_LINE = /^const PRECACHE = .*;$/m;

/** Same-site files report.html links to: scripts, module preloads, styles, the manifest and icons. */
function pageFiles(html) {
  const urls = [...html.matchAll(/(?:src|href)="(\/[^"#?]+)"/g)].map((match) => match[1]);
  return [...new Set(urls)].filter((url) => !url.startsWith('//'));
}

const html = readFileSync(join(DIST, 'report.html'), 'utf8');
const urls = pageFiles(html);
const hash = createHash('sha256').update(html);
for (const url of urls) hash.update(url).update(readFileSync(join(DIST, url)));
const version = hash.digest('base64url').slice(0, 12);

const worker = readFileSync(WORKER, 'utf8');
if (!PRECACHE_LINE.test(worker)) throw new Error(`${WORKER}: no "const PRECACHE = …;" line to fill`);
writeFileSync(WORKER, worker.replace(PRECACHE_LINE, `const PRECACHE = ${JSON.stringify({ version, urls })};`));
process.stdout.write(`report-sw.js: version ${version}, ${urls.length} files precached\n`);
