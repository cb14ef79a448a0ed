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
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: { reserved: ['_scriptDir'] } } } } },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The engine tests share two cores: running files in parallel only makes each slower.
    fileParallelism: false,
  },
});
