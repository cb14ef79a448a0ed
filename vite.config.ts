import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  // The worker is minified without compression and with `_scriptDir` unmangled: tfjs-wasm's pthread
  // workers run its thread factory from source text (Function.toString), outside the bundle, where
  // `_scriptDir` is unbound and only a `typeof` guard keeps it safe. Mangling renames it, compression
  // drops the guard: either way threaded wasm crashes. (The e2e test checks the threads run.)
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: { reserved: ['_scriptDir'] } } } } },
  build: {
    target: 'es2022',
    // The benchmark page (npm run bench) drives the same built worker as the app.
    rollupOptions: { input: { main: 'index.html', bench: 'src/bench/index.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The engine tests share two cores: running files in parallel only makes each slower.
    fileParallelism: false,
  },
});
