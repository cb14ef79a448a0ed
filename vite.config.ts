import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { headersFile, securityHeaders } from './scripts/securityHeaders.ts';

/** dist/_headers: the same headers for static hosts that read that file. */
const staticHostHeaders: Plugin = {
  name: 'static-host-headers',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
  },
};

/**
 * Offline after the first visit: a Workbox service worker precaches the app, the wasm binaries,
 * the VGG19 weights (20 MB) and the demo pictures. A new build waits until the user reloads
 * (the app offers it), so an open tab never runs a mix of two builds, nor loses a run to a reload.
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: {
    name: 'Neural Style: repaint a photo in the style of a painting',
    short_name: 'Neural Style',
    description: 'Neural style transfer (Gatys et al.) in your browser. Nothing is uploaded.',
    theme_color: '#3f3cbb',
    background_color: '#f5f3ef',
    display: 'standalone',
    start_url: './',
    scope: './',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The weights have no extension; the benchmark page stays online-only; the manifest and its
    // icons are added by the plugin.
    globPatterns: ['*.{html,svg}', 'assets/**', 'models/vgg19/*', 'demo/*'],
    globIgnores: ['**/bench-*', 'src/bench/**'],
    // The largest weight file is 2.4 MB, above Workbox's 2 MiB default.
    maximumFileSizeToCacheInBytes: 8 * 2 ** 20,
    cleanupOutdatedCaches: true,
    navigateFallback: 'index.html',
  },
});

export default defineConfig({
  plugins: [react(), offline, staticHostHeaders],
  base: './',
  server: { headers: securityHeaders(true) },
  preview: { headers: securityHeaders() },
  // The worker is minified without compression and with `_scriptDir` unmangled: tfjs-wasm's pthread
  // workers run its thread factory from source text (Function.toString), outside the bundle, where
  // `_scriptDir` is unbound and only a `typeof` guard keeps it safe. Mangling renames it, compression
  // drops the guard: either way threaded wasm crashes. (The e2e test checks the threads run.)
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: { reserved: ['_scriptDir'] } } } } },
  build: {
    target: 'es2022',
    // The benchmark page (npm run bench) drives the same built worker as the app; the video page
    // offers the video modules to the browser test (e2e/videoIo.spec.ts).
    rollupOptions: { input: { main: 'index.html', bench: 'src/bench/index.html', 'bench-video': 'src/bench/video.html' } },
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
          include: ['src/engine/network/vgg19.test.ts', 'src/engine/network/gradients.test.ts', 'src/engine/run/styleTransfer.test.ts', 'src/engine/run/regions.test.ts', 'src/engine/loss/regionGram.test.ts', 'src/engine/device/deviceLimits.test.ts', 'src/engine/video/flow.test.ts'],
          env: { ENGINE_BACKEND: 'webgpu' },
          // lavapipe runs a 48 px iteration in about 1.5 s: a test of 20 iterations and three runs takes minutes.
          testTimeout: 360_000,
        },
      },
    ],
  },
});
