// After the build: writes a brotli (.br) and a gzip (.gz) copy beside every text file in dist/
// that compression shrinks, at the highest levels (done once per build, not per request). The
// server sends them to browsers that accept them (@fastify/static `preCompressed`), so what a
// reader downloads is the compressed file; check-budget.mjs weighs those same files.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** client/dist, or the directory named on the command line. */
const DIST = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));
/** Text that is served; source maps are for developers and stay as they are. */
const COMPRESSIBLE = /\.(?:html|js|mjs|css|json|svg|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1_024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let raw = 0;
let brotli = 0;
let count = 0;
for (const path of files(DIST)) {
  if (/\.(?:br|gz)$/.test(path)) {
    unlinkSync(path); // a copy left from an earlier build would outlive its file
    continue;
  }
  if (!COMPRESSIBLE.test(path) || statSync(path).size < MIN_BYTES) continue;
  const content = readFileSync(path);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  const gz = gzipSync(content, { level: 9 });
  // Only copies that are smaller: the server falls back to the file itself.
  if (br.length < content.length) writeFileSync(`${path}.br`, br);
  if (gz.length < content.length) writeFileSync(`${path}.gz`, gz);
  raw += content.length;
  brotli += Math.min(br.length, content.length);
  count++;
}
process.stdout.write(
  `compressed ${count} files: ${(raw / 1024).toFixed(0)} KB → ${(brotli / 1024).toFixed(0)} KB brotli (gzip copies beside them)\n`,
);
