import { defineConfig } from 'vite';

const SERVER = 'http://127.0.0.1:8080';

/** Multi-page build: each page is its own entry; the server serves client/dist. */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // MapLibre GL alone is ~800 KB minified; the newsroom page is a desk tool, not a landing page.
    chunkSizeWarningLimit: 1_500,
    rollupOptions: {
      input: { newsroom: 'index.html', report: 'report.html', embed: 'embed.html' },
      // MapLibre in a chunk of its own, shared by the pages and cached across them; a page's
      // own code stays small and measurable against its budget (the embed: 30 KB gzipped).
      output: { codeSplitting: { groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ }] } },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': SERVER,
      '/healthz': SERVER,
      '/readyz': SERVER,
      // The server checks a browser's Origin; through the dev proxy it is the server's own.
      '/socket.io': { target: SERVER, ws: true, headers: { origin: SERVER } },
    },
  },
});
