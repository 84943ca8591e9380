// The reporter page runs on phones with poor coverage: its JavaScript (the page's scripts and
// module preloads, plus its service worker) must stay under 100 KB gzipped. Run after the build;
// fails the build when over, and prints the sizes either way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const BUDGET_BYTES = 100 * 1024;

const html = readFileSync(join(DIST, 'report.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((match) => match[1]);
const files = [...new Set([...scripts, '/report-sw.js'])];

let total = 0;
for (const file of files) {
  const gzipped = gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  total += gzipped;
  process.stdout.write(`  ${file}  ${(gzipped / 1024).toFixed(1)} KB gzipped\n`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
process.stdout.write(
  `reporter page JavaScript: ${(total / 1024).toFixed(1)} KB gzipped, ${verdict} the ${BUDGET_BYTES / 1024} KB budget\n`,
);
if (total > BUDGET_BYTES) process.exit(1);
