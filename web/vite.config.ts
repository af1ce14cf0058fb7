import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const api = process.env.OPORA_API ?? 'http://localhost:4000';

// The server's own doors: never answered by the service worker with the app's page.
const SERVER_DOORS = [/^\/graphql/, /^\/reports\//, /^\/documents\//, /^\/import/, /^\/audit\//, /^\/calendar\//, /^\/files/, /^\/healthz/, /^\/metrics/, /^\/demo-accounts/];

// `pnpm dev`: hot reload on :5173, the API (and its report downloads) proxied to :4000.
export default defineConfig({
  plugins: [
    react(),
    // The installable app (#17, item 4): Workbox precaches the shell — the page, its scripts and
    // styles — so the app opens without a signal; data kept for offline work is the app's own
    // (src/offline/, encrypted in IndexedDB), never in the worker's caches. Registered by main.tsx.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        id: '/',
        name: 'Опора — център за обществена подкрепа',
        short_name: 'Опора',
        description: 'Работно място на центровете за обществена подкрепа: случаи, сесии и посещения, и без връзка.',
        lang: 'bg',
        dir: 'ltr',
        start_url: '/field',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e5f',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The network's and the municipality's screens (and their charts) are not staff's work in the field.
        globIgnores: ['**/network-*.js', '**/municipality-*.js', '**/aggregates-*.js', '**/charts-*.js'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: SERVER_DOORS,
        // A new release takes over at once (the app's data is not in the worker's caches).
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  server: {
    port: 5173,
    proxy: { '/graphql': api, '/reports': api, '/documents': api, '/import': api, '/audit': api, '/calendar': api, '/healthz': api, '/demo-accounts': api },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Charts are a lazy chunk for the network and municipality screens; staff never load them.
    chunkSizeWarningLimit: 700,
  },
});
