// Bundles the server for production into server/dist/server.js (and the CLI into cli.js), run by plain `node`.
// @rumbo/shared (TypeScript source and its JSON data) goes into the bundle; every npm package stays
// external and is installed next to it (the Docker image installs the server's and shared's dependencies).
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const serverSrc = path.join(serverDir, 'src');
const sharedDir = path.join(serverDir, '..', 'shared');
const WORKSPACE = '@rumbo/shared';

async function dependenciesOf(dir) {
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies ?? {});
}
const dependencies = new Set([...(await dependenciesOf(serverDir)), ...(await dependenciesOf(sharedDir))]);

/** 'fastify-plugin/x' → 'fastify-plugin', '@fastify/static/x' → '@fastify/static'. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Keeps every npm package external and refuses one that neither server nor shared declares:
 * `npm ci --omit=dev` would not install it, and the image would fail at its first import.
 */
const externalDependencies = {
  name: 'external-dependencies',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, ({ path: specifier, importer }) => {
      const name = packageName(specifier);
      if (name === WORKSPACE) return undefined;
      if (specifier.startsWith('node:') || builtinModules.includes(name) || dependencies.has(name)) {
        return { path: specifier, external: true };
      }
      return { errors: [{ text: `${importer} imports "${name}", which neither server nor shared lists in "dependencies"` }] };
    });
  },
};

/**
 * A file under server/src that uses import.meta.url (routes/pages.ts finds client/dist with it)
 * gets the URL it would have had compiled in place, server/dist/<same path>.js, not the bundle's:
 * its relative paths then hold in development (server/src) and production (server/dist) alike.
 * Shared code is bundled away from its folder, so there import.meta.url would silently point elsewhere.
 */
const importMetaUrlInPlace = {
  name: 'import-meta-url-in-place',
  setup(bundle) {
    bundle.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      const source = await readFile(file, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromSrc = path.relative(serverSrc, file);
      if (fromSrc.startsWith('..')) {
        return { errors: [{ text: `${file} uses import.meta.url, which does not survive bundling outside server/src` }] };
      }
      const inPlace = `./${fromSrc.split(path.sep).join('/').replace(/\.ts$/, '.js')}`;
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(inPlace)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

await build({
  // The server process, and the accounts CLI (`node server/dist/cli.js reporter create …`).
  entryPoints: { server: path.join(serverSrc, 'server.ts'), cli: path.join(serverSrc, 'cli', 'index.ts') },
  outdir: path.join(serverDir, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Bundled CommonJS calls require(), which an ES module does not have.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  plugins: [externalDependencies, importMetaUrlInPlace],
  logLevel: 'info',
});
