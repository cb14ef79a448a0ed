// Which backend the app starts on by itself (no ?backend= in the link), and the sentence the user
// reads when the one asked for cannot start here. The order is worker/backend.ts's: a hardware
// WebGPU, then a hardware WebGL, else wasm.
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';

const engineBadge = (page: Page) => page.locator('.engine-badge');
const statusLine = (page: Page) => page.locator('.status-line');

test('with no backend asked for, a software GPU is passed over for wasm, without a word of failure', async ({ page }) => {
  await page.goto('./');
  // This Chromium offers both GPU APIs, each on SwiftShader (a CPU emulation, slower than wasm):
  // wasm is a choice here, not a fallback.
  const offered = await page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const renderer = gl && String(gl.getParameter(gl.getExtension('WEBGL_debug_renderer_info')!.UNMASKED_RENDERER_WEBGL));
    return { webgpu: adapter?.info.architecture, webgl: renderer };
  });
  expect(offered.webgpu).toBe('swiftshader');
  expect(offered.webgl).toContain('SwiftShader');

  await expect(engineBadge(page)).toHaveAttribute('data-phase', 'ready');
  await expect(engineBadge(page)).toContainText(/wasm · \d+ threads?, SIMD/);
  // The worker says a choice went wrong before it says it is ready: by now the sentence would show.
  await expect(statusLine(page)).not.toContainText('did not start');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
});

/** Browsers where a GPU API cannot start, as in an old browser or with a blocklisted driver. */
const WITHOUT: { backend: 'webgpu' | 'webgl'; args: string[] }[] = [
  // WebGPU is behind this flag on Linux: without it there is no adapter.
  { backend: 'webgpu', args: CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu') },
  // No GPU, and no software one either: no WebGL context.
  { backend: 'webgl', args: [...CHROMIUM_ARGS, '--disable-gpu', '--disable-software-rasterizer'] },
];

for (const { backend, args } of WITHOUT) {
  test(`asked for ${backend} in a browser without it, the app says it did not start and runs on wasm`, async ({ playwright, baseURL }) => {
    // A browser of its own: the flags are the launch's.
    const browser = await playwright.chromium.launch({ executablePath: CHROMIUM_PATH, args });
    try {
      const page = await browser.newPage({ baseURL, serviceWorkers: 'block' });
      await page.goto(`./?backend=${backend}&size=64&iterations=1&scales=1`);
      await expect(engineBadge(page)).toHaveAttribute('data-phase', 'ready');
      await expect(engineBadge(page)).toContainText('wasm · ');
      // The sentence stays once the engine is ready, rather than flashing by while the model loads.
      await expect(statusLine(page)).toHaveText(`The ${backend} backend did not start here; using wasm instead.`);
      await page.getByRole('button', { name: 'Try an example' }).click();
      await page.getByRole('button', { name: 'Start' }).click();
      await expect(page.locator('.progress-phase')).toHaveText('Done');
    } finally {
      await browser.close();
    }
  });
}
