import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer for the browser host: the same app as in Electron, with the HTTP transport's entry file. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Monaco with its editor features is about 4.3 MB on its own; the app loads from disk, not a network.
    chunkSizeWarningLimit: 8192,
    rollupOptions: { input: fileURLToPath(new URL('./renderer/web.html', import.meta.url)) },
  },
});
