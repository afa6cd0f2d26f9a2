// One build for both faces of the service (docs/console.md):
//   admin/index.html         the console, served at /admin/
//   player/course-video.js   the embeddable player, a fixed name (platforms link to it)
//   admin/assets/*           everything else, content-hashed (the player's chunks too: they are public code)
// Output goes to target/classes/web, where console/WebAssets serves it from; the plugin in
// build/assets.js writes its catalogue (ETags, compressed copies) and checks the first-load budget.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { assetCatalogue } from './build/assets.js';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  // relative URLs everywhere: the player's chunks must load from the service's origin even when
  // the player runs on the course platform's page
  base: './',
  build: {
    outDir: resolve(here, '../../../target/classes/web'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'admin/assets',
    assetsInlineLimit: 0, // no data: URLs, so the CSP needs none
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        console: resolve(here, 'admin/index.html'),
        'course-video': resolve(here, 'player/course-video.js'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'course-video' ? 'player/course-video.js' : 'admin/assets/[name]-[hash].js'),
        chunkFileNames: 'admin/assets/[name]-[hash].js',
        assetFileNames: 'admin/assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  plugins: [assetCatalogue({ firstLoadPage: 'admin/index.html', budgetBytes: 250 * 1024 })],
});
