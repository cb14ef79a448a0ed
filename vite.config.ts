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
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The engine tests share two cores: running files in parallel only makes each slower.
    fileParallelism: false,
    projects: [
      { extends: true, test: { name: 'wasm', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } },
      {
        // The engine's core on tfjs-webgpu through Dawn (Mesa's lavapipe where there is no GPU):
        // the network against the golden activations, its gradients, and whole runs.
        extends: true,
        test: {
          name: 'webgpu',
          include: ['src/engine/vgg19.test.ts', 'src/engine/gradients.test.ts', 'src/engine/styleTransfer.test.ts', 'src/engine/deviceLimits.test.ts'],
          env: { ENGINE_BACKEND: 'webgpu' },
          // lavapipe runs a 48 px iteration in about 1.5 s: a test of 20 iterations and three runs takes minutes.
          testTimeout: 360_000,
        },
      },
    ],
  },
});
