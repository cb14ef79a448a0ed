// The app on the GPU backends, WebGL and WebGPU, as Debian's Chromium gives them here (SwiftShader,
// a CPU emulation): each paints the picture wasm paints, and a GPU that fails (lost, out of memory)
// costs the user neither their pictures nor the last frame: the work goes on on wasm. Each backend's
// network reproduces the golden activations in the worker, and WebGPU runs a mask, the photo's
// colours and tiles.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import type { FeaturesEngine } from '../src/bench/benchPage';
import type { FeatureSummary } from '../src/engine/benchmark/featureSummary';
import { goldenDisagreements, goldenInput, goldenProbes, type GoldenFeatures } from '../src/engine/benchmark/goldenFeatures';
import type { LayerName } from '../src/engine/network/vgg19Architecture';
import { canvasHash } from './resultCanvas';

/** The golden activations the Node tests use too (they stay in ../shared, out of the app). */
const GOLDEN = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/golden/vgg19-features.json'), 'utf8')) as GoldenFeatures;
const DEMO = resolve(import.meta.dirname, '../public/demo');

/**
 * Tiny on purpose: on SwiftShader most of a GPU run is compiling shaders (page load to Done:
 * webgl 50 s, webgpu 2.5 min, the speed measurement's shaders included, which are the run's own;
 * each later iteration takes 5-8 s). 64 px is the smallest size the app
 * takes; one scale of 3 L-BFGS iterations runs every kernel of a step, line search included.
 */
const TINY = 'size=64&iterations=3&scales=1';
/**
 * Mean absolute difference (of 255) allowed against wasm. Measured 0.0051 for both GPU backends
 * here on 2026-12-06 (0.0020 before: a few dozen of 6,912 channel values 1 apart, float32 sums in
 * another order rounded to bytes; 0.53 at 8 iterations, where L-BFGS has carried the differences
 * further). 0.02 is four times that, for SwiftShader's and other GPUs' rounding; a wrong kernel
 * gives far more: these 3 iterations move the picture 15.2 levels from the photo, and stopping one
 * iteration short changes it by 3.9.
 */
const TOLERANCE = 0.02;

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

for (const backend of ['wasm', 'webgl', 'webgpu'] as const) {
  test(`${backend} reproduces VGG19's golden activations in the worker`, async ({ page }) => {
    test.setTimeout(300_000);
    // The benchmark page drives the app's built worker through the same client as the app.
    await page.goto(`./src/bench/index.html?features&backend=${backend}`);
    await page.waitForFunction(() => 'featuresEngine' in window, undefined, { timeout: 120_000 });
    const started = await page.evaluate(() => {
      const { backend, error } = (window as unknown as { featuresEngine: FeaturesEngine }).featuresEngine;
      return { backend, error };
    });
    expect(started).toEqual({ backend, error: undefined });
    for (const pooling of ['max', 'avg'] as const) {
      const expected = GOLDEN.layers[pooling];
      const summaries = await page.evaluate(
        async ({ input, rgb, pooling, probes }) => {
          const engine = (window as unknown as { featuresEngine: FeaturesEngine }).featuresEngine;
          const result = await engine.measure({ kind: 'features', image: { ...input, rgb: Float32Array.from(rgb) }, pooling, probes });
          return result.kind === 'features' ? result.summaries : {};
        },
        { input: GOLDEN.input, rgb: Array.from(goldenInput(GOLDEN.input)), pooling, probes: goldenProbes(expected) },
      );
      expect(Object.keys(summaries)).toEqual(Object.keys(expected));
      // The Node tests' tolerance: float32 in another order, not a kernel that is slightly wrong.
      expect(goldenDisagreements(summaries as Partial<Record<LayerName, FeatureSummary>>, expected, `${backend} ${pooling}`)).toEqual([]);
    }
  });
}

/** The same band (4:1, across the wolf's edge) of the demo photo and of its mask, as PNG files. */
async function band(file: string): Promise<Buffer> {
  return sharp(resolve(DEMO, file)).extract({ left: 0, top: 240, width: 1920, height: 480 }).png().toBuffer();
}

/** How the result differs from the photo, both at the result's size: inside and outside the mask, and in colour inside it. */
function compareWithPhotoUnderMask(page: Page, photoFile: Buffer, maskFile: Buffer): Promise<{ inside: number; outside: number; insideChroma: number }> {
  return page.locator('canvas.stage-canvas').evaluate(
    async (canvas: HTMLCanvasElement, { photoBase64, maskBase64 }) => {
      const { width, height } = canvas;
      const blobOf = (base64: string) => new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]);
      const pixelsOf = async (blob: Blob) => {
        const drawn = new OffscreenCanvas(width, height).getContext('2d')!;
        drawn.drawImage(await createImageBitmap(blob), 0, 0, width, height);
        return drawn.getImageData(0, 0, width, height).data;
      };
      const photo = await pixelsOf(blobOf(photoBase64));
      const mask = await pixelsOf(blobOf(maskBase64));
      const result = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
      // The chroma of BT.601 YCbCr: what keeping the photo's colours leaves alone.
      const cb = (d: Uint8ClampedArray, i: number) => -0.168736 * d[i] - 0.331264 * d[i + 1] + 0.5 * d[i + 2];
      const cr = (d: Uint8ClampedArray, i: number) => 0.5 * d[i] - 0.418688 * d[i + 1] - 0.081312 * d[i + 2];
      const sums = { inside: 0, outside: 0, insideChroma: 0, insideCount: 0, outsideCount: 0 };
      for (let p = 0; p < result.length; p += 4) {
        const difference = (Math.abs(result[p] - photo[p]) + Math.abs(result[p + 1] - photo[p + 1]) + Math.abs(result[p + 2] - photo[p + 2])) / 3;
        if (mask[p] > 200) {
          sums.inside += difference;
          sums.insideChroma += Math.hypot(cb(result, p) - cb(photo, p), cr(result, p) - cr(photo, p));
          sums.insideCount++;
        } else if (mask[p] < 50) {
          sums.outside += difference;
          sums.outsideCount++;
        }
      }
      return { inside: sums.inside / sums.insideCount, outside: sums.outside / sums.outsideCount, insideChroma: sums.insideChroma / sums.insideCount };
    },
    { photoBase64: photoFile.toString('base64'), maskBase64: maskFile.toString('base64') },
  );
}

test('webgpu paints only inside the mask, keeps the photo’s colours, and works in tiles', async ({ page }) => {
  // SwiftShader compiles its shaders for minutes, slower still beside the unit tests (6.0 to over 6.2 min in CI).
  test.setTimeout(660_000);
  // The smallest run that needs two tiles: a band of the photo, 136×34 in tiles of 128 (the
  // smallest tile size), on the photo's colours; Adam with large steps moves it far in two iterations.
  const [photo, mask] = await Promise.all([band('winter-wolf.jpg'), band('winter-wolf-mask.jpg')]);
  await page.goto('./?backend=webgpu&size=136&tile=128&scales=1&iterations=2&optimizer=adam&lr=20&colour=luminance');
  await expect(engineBadge(page)).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
  await expect(engineBadge(page)).toContainText('webgpu');
  // The band first, not the example's photo: the speed measurement that starts once a photo is
  // there then runs on the band's 136×34, not on the example photo's 136×77 (3.5 min to 2.6 min
  // alone here).
  await page.getByTestId('content-file').setInputFiles({ name: 'wolf-band.png', mimeType: 'image/png', buffer: photo });
  await expect(zone(page, 'content')).toContainText('1920×480');
  await page.getByTestId('style-file').setInputFiles(resolve(DEMO, 'the_scream.jpg'));
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await page.getByText('Style only in part of the photo (mask)').click();
  await page.getByLabel('Mask file').setInputFiles({ name: 'wolf-band-mask.png', mimeType: 'image/png', buffer: mask });
  await expect(page.locator('.mask-facts')).toContainText('Mask 1920×480');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 600_000 });
  await expect(engineBadge(page)).toContainText('webgpu');
  // The last iteration shown is the second tile's. Soft, like the checks below: each behaviour is told apart.
  await expect.soft(page.locator('.progress-facts')).toContainText('136×34 · tile 2/2');

  const { inside, outside, insideChroma } = await compareWithPhotoUnderMask(page, photo, mask);
  console.log(`webgpu, mask, colours, tiles: ${JSON.stringify({ inside, outside, insideChroma })}`);
  // Styled inside the mask, the photo outside it, the photo's colours.
  expect.soft(inside, 'styled inside the mask').toBeGreaterThan(8);
  expect.soft(outside, 'the photo outside the mask').toBeLessThan(inside / 3);
  expect.soft(insideChroma, "the photo's colours inside the mask").toBeLessThan(2);
});

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
