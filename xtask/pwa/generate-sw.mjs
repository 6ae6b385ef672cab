// Writes <dist>/sw.js: the service worker that precaches every file of one release
// (Workbox generateSW). Run by `cargo xtask dist` (and the e2e build) after `trunk build`;
// `node xtask/pwa/generate-sw.mjs <dist dir>`.
//
// - Every file of dist/ is precached with a revision (the hash of its bytes); Trunk's
//   hashed file names need none. The new worker of a new release installs next to the
//   old one and WAITS (no skipWaiting, no clientsClaim): the page shows "A new version
//   is ready — reload" and the Reload button posts {type: 'SKIP_WAITING'}.
// - On activation Workbox deletes the precached entries the new list no longer names,
//   and caches of older Workbox versions (cleanupOutdatedCaches).
// - The Workbox runtime is inlined into sw.js: nothing is fetched from a CDN.
// - Navigations (`/`, `/apps/reskontra/`) answer with the precached index.html.
import { generateSW } from 'workbox-build';
import { resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? 'dist');

const { count, size, warnings } = await generateSW({
  globDirectory: dist,
  globPatterns: ['**/*'],
  globIgnores: ['sw.js', 'sw.js.map', 'workbox-*.js', '**/README.md'],
  swDest: resolve(dist, 'sw.js'),
  // The app's and the render worker's wasm are ~3.5 MB, the CJK fallback font 4 MB.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  // Trunk puts a content hash in the app's file names: no revision needed for those.
  dontCacheBustURLsMatching: /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/,
  navigateFallback: 'index.html',
  cleanupOutdatedCaches: true,
  skipWaiting: false,
  clientsClaim: false,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: 'production',
  cacheId: 'reskontra',
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);
console.log(`workbox: ${dist}/sw.js precaches ${count} files, ${size} bytes`);
