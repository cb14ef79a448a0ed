import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';

// Browser tests of the built app (run `npm run build` first). Debian's Chromium; the machines
// are slow (2 cores, no GPU), so timeouts are generous and tests run one at a time.
// E2E_PORT and E2E_DIST let a second build be tested beside the first (`vite build --outDir`).
const port = process.env.E2E_PORT ?? '4173';
const dist = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    baseURL: `http://127.0.0.1:${port}/`,
    headless: true,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    // The service worker precaches 25 MB on a first visit: only the offline test lets it run.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  // The GPU backends on SwiftShader take minutes of shader compiling: `npm test` runs them beside the unit tests.
  projects: [
    { name: 'app', testIgnore: 'gpuBackends.spec.ts' },
    { name: 'gpu', testMatch: 'gpuBackends.spec.ts' },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
