import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app's build. `eos serve` runs it through Vite's JS API (src/web/build/ensure-web-build.ts),
 * so there is no separate build command; `npx vite --config src/web/vite.config.ts` serves it for development
 * and proxies the API to a running `eos serve`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./app/', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    target: 'es2022',
    // The build goes to the cache folder given by the caller; Vite must not refuse to empty it.
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 300,
    // A slow build on a busy machine isn't news to someone starting `eos serve`.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:4300', '/healthz': 'http://127.0.0.1:4300', '/readyz': 'http://127.0.0.1:4300' },
  },
});
