// `npm run bench`: compiles the benchmarks with esbuild (as production code is compiled: no
// development transforms) and runs them with plain node. The server and viewer child processes
// that the network benchmarks spawn are compiled alongside, into bench/dist.
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const rootModules = path.join(benchDir, '..', 'node_modules') + path.sep;

/**
 * npm packages stay external. One that only a workspace has (server/node_modules/@fastify/static)
 * is imported by its absolute path, since node would look for it from bench/dist and not find it.
 */
const externalPackages = {
  name: 'external-packages',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, async ({ path: specifier, resolveDir, kind, pluginData }) => {
      if (pluginData === 'external-packages' || specifier.startsWith('@rumbo/')) return undefined;
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return { path: specifier, external: true };
      const resolved = await bundle.resolve(specifier, { resolveDir, kind, pluginData: 'external-packages' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path.startsWith(rootModules) ? specifier : resolved.path, external: true };
    });
  },
};

/**
 * Server code that finds files by import.meta.url (the map images' fonts, the built client) keeps
 * its own source file's URL inside the bundle: the benchmarks run in the checkout, beside them.
 */
const importMetaUrlOfSource = {
  name: 'import-meta-url-of-source',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.ts$/ }, async ({ path: file }) => {
      const source = await readFile(file, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: ['index.ts', 'server-child.ts', 'viewers-child.ts', 'readers-child.ts'].map((entry) => path.join(benchDir, entry)),
  outdir: path.join(benchDir, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages, importMetaUrlOfSource],
  logLevel: 'warning',
});
await import(path.join(benchDir, 'dist', 'index.mjs'));
