import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.OPORA_API ?? 'http://localhost:4000';

// `pnpm dev`: hot reload on :5173, the API (and its report downloads) proxied to :4000.
export default defineConfig({
  plugins: [react()],
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
