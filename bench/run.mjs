// `npm run bench`: compiles the benchmarks with esbuild (as production code is compiled: no
// development transforms) and runs them with plain node.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const outfile = fileURLToPath(new URL('./dist/index.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  alias: { '@rumbo/shared': './shared/src/index.ts', '@rumbo/shared/geo': './shared/src/geo/index.ts' },
  logLevel: 'warning',
});
await import(outfile);
