import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The API's own paths (it owns the root): `vite dev` forwards them to a running node. */
const API_PREFIXES = [
  '/auth', '/status', '/strategies', '/risk', '/execution', '/portfolio', '/positions', '/account', '/events',
  '/market', '/backtests', '/signals', '/health', '/metrics', '/docs',
];

/**
 * The dashboard: a Svelte single-page app built into dist/dashboard, which the node's HTTP server serves at `/`
 * (index.html at `/`, bundles under `/assets/`). Built from the repo root with
 * `vite build --config dashboard/vite.config.ts`, so the root is pinned to this folder. For work on the UI,
 * `vite --config dashboard/vite.config.ts` serves it with hot reload against the node at FORTRESS_API_URL
 * (default http://127.0.0.1:8000).
 */
export default defineConfig(() => {
  const api = process.env['FORTRESS_API_URL'] ?? 'http://127.0.0.1:8000';
  return {
    root: dirname(fileURLToPath(import.meta.url)),
    base: '/',
    plugins: [svelte({ configFile: false })],
    build: {
      outDir: '../dist/dashboard',
      emptyOutDir: true,
      // lightweight-charts alone is ~160 kB; one chunk keeps the page a single round trip.
      chunkSizeWarningLimit: 600,
    },
    server: {
      proxy: {
        ...Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: api }])),
        '/stream': { target: api, ws: true },
      },
    },
  };
});
