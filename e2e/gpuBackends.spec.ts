// The app on the GPU backends, WebGL and WebGPU, as Debian's Chromium gives them here (SwiftShader,
// a CPU emulation): each paints the picture wasm paints, and a GPU that fails (lost, out of memory)
// costs the user neither their pictures nor the last frame: the work goes on on wasm.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { canvasHash } from './resultCanvas';

/**
 * Tiny on purpose: on SwiftShader most of a GPU run is compiling shaders (page load to Done:
 * webgl 50 s, webgpu 2.5 min, the speed measurement's shaders included, which are the run's own;
 * each later iteration takes 5-8 s). 64 px is the smallest size the app
 * takes; one scale of 3 L-BFGS iterations runs every kernel of a step, line search included.
 */
const TINY = 'size=64&iterations=3&scales=1';
/**
 * Mean absolute difference (of 255) allowed against wasm. Measured 0.0020 for both GPU backends
 * here (14 of 6,912 channel values 1 apart: float32 sums in another order, rounded to bytes), and
 * 0.53 at 8 iterations, where L-BFGS has carried the differences further. 0.5 leaves room for
 * other GPUs' arithmetic and is far below what a wrong kernel gives: these 3 iterations move the
 * picture 15.2 levels from the photo, and stopping one iteration short changes it by 3.9.
 */
const TOLERANCE = 0.5;

const zone = (page: Page, slot: 'content' | 'style') => page.locator(`[data-slot="${slot}"]`);
const runPhase = (page: Page) => page.locator('.progress-phase');
const statusLine = (page: Page) => page.locator('.status-line');
const engineBadge = (page: Page) => page.locator('.engine-badge');

/** Opens the app on `backend` with the example pictures loaded. */
async function openWithExample(page: Page, backend: 'wasm' | 'webgl' | 'webgpu', timeout: number): Promise<void> {
  await page.goto(`./?backend=${backend}&${TINY}`);
  await expect(engineBadge(page)).toHaveAttribute('data-phase', 'ready', { timeout });
  await expect(engineBadge(page)).toContainText(backend);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
}

async function runToDone(page: Page, timeout: number): Promise<PNG> {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
  return PNG.sync.read(readFileSync(await download.path()));
}

function meanAbsoluteDifference(a: PNG, b: PNG): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / ((a.data.length * 3) / 4);
}

let wasm: PNG | undefined;
async function wasmResult(page: Page): Promise<PNG> {
  if (!wasm) {
    await openWithExample(page, 'wasm', 60_000);
    wasm = await runToDone(page, 60_000);
  }
  return wasm;
}

/** Crashes the browser's GPU process, as a driver reset does: every WebGPU device and WebGL context is lost. */
async function crashGpuProcess(page: Page): Promise<void> {
  const browser = await page.context().browser()!.newBrowserCDPSession();
  await browser.send('Browser.crashGpuProcess');
  await browser.detach();
}

for (const backend of ['webgl', 'webgpu'] as const) {
  test(`${backend} paints the picture wasm paints, and a GPU crash in a later run costs no work`, async ({ page }) => {
    test.setTimeout(600_000);
    const reference = await wasmResult(page);

    await test.step('the same picture as wasm', async () => {
      const started = Date.now();
      await openWithExample(page, backend, 120_000);
      const result = await runToDone(page, 480_000);
      const difference = meanAbsoluteDifference(result, reference);
      console.log(`${backend}: ${((Date.now() - started) / 1000).toFixed(0)} s, mean absolute difference from wasm ${difference.toFixed(4)}`);
      expect({ width: result.width, height: result.height }).toEqual({ width: reference.width, height: reference.height });
      expect(difference).toBeLessThan(TOLERANCE);
    });

    await test.step('a GPU crash mid-run: the run goes on on wasm, keeping the pictures and the frame', async () => {
      // The shaders are compiled now: this run's iterations take seconds. Its first frame replaces the last result.
      const lastResult = await canvasHash(page);
      await page.getByRole('button', { name: 'Start' }).click();
      await expect.poll(() => canvasHash(page), { timeout: 120_000 }).not.toBe(lastResult);
      await expect(runPhase(page)).toHaveText('Running');
      await crashGpuProcess(page);
      const lost = backend === 'webgpu' ? 'webgpu device' : 'webgl context';
      await expect(statusLine(page)).toContainText(
        `The GPU stopped working for this page (its ${lost} was lost), so the style engine now runs on the CPU: wasm`,
      );
      // The crash wipes the page's canvases too: the frame must be painted again.
      expect(await canvasHash(page)).toBeDefined();
      await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
      await expect(zone(page, 'style')).toContainText('the_scream.jpg');
      await expect(engineBadge(page)).toContainText('wasm');
      await expect(runPhase(page)).toHaveText('Done');
    });
  });
}

test('a WebGPU allocation that fails moves the engine to wasm, with a sentence saying so', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`./?backend=webgpu&${TINY}`);
  await expect(engineBadge(page)).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
  await expect(engineBadge(page)).toContainText('webgpu');
  // A real allocation on the engine's device: 1 GiB is past what SwiftShader can allocate, so
  // WebGPU reports a GPUOutOfMemoryError (no memory is taken). tfjs's own buffers never get this large here.
  const styleWorker = page.workers().find((worker) => worker.url().includes('styleWorker'));
  await styleWorker!.evaluate(() => {
    const device = (self as unknown as { gpuDevice: GPUDevice }).gpuDevice;
    device.createBuffer({ size: 2 ** 30, usage: GPUBufferUsage.STORAGE });
    // An idle device sends its errors back only once its commands are flushed, as a run's next step would.
    return device.queue.onSubmittedWorkDone();
  });
  await expect(statusLine(page)).toContainText('The GPU ran out of memory, so the style engine now runs on the CPU: wasm');
  await expect(engineBadge(page)).toContainText('wasm');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await runToDone(page, 60_000);
});
