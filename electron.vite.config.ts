import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const at = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      // The model host is its own entry, beside app.js: the utilityProcess that runs local models starts it.
      rollupOptions: {
        input: {
          app: at('./main/electron/app.ts'),
          'model-host-main': at('./main/core/models/llama-cpp/model-host-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: at('./out/preload'),
      // Sandboxed preloads must be CommonJS.
      rollupOptions: {
        input: { index: at('./main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('./renderer'),
    plugins: [react()],
    build: {
      outDir: at('./out/renderer'),
      chunkSizeWarningLimit: 8192, // Monaco with its editor features is about 4.3 MB
      rollupOptions: { input: at('./renderer/index.html') },
    },
  },
});
