// The app in a real browser on the wasm backend: inputs, a streamed run steered while it goes, downloads.
import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { canvasHash } from './resultCanvas';

const DEMO = resolve(import.meta.dirname, '../public/demo');
const demoFile = (name: string) => readFileSync(resolve(DEMO, name));
/** winter-wolf.jpg, the photo of every run here. */
const PHOTO = { width: 1920, height: 1080 };

/** The output size the app should make: long side `size`, the photo's aspect ratio. */
function outputSize(size: number) {
  const scale = size / Math.max(PHOTO.width, PHOTO.height);
  return { width: Math.round(PHOTO.width * scale), height: Math.round(PHOTO.height * scale) };
}

const zone = (page: Page, slot: 'content' | 'style') => page.locator(`[data-slot="${slot}"]`);
const runPhase = (page: Page) => page.locator('.progress-phase');
const progressBar = (page: Page) => page.getByRole('progressbar', { name: 'Progress of the style transfer' });
const totalIteration = (page: Page) => progressBar(page).evaluate((bar: HTMLProgressElement) => bar.value);

/** Drops a file on a drop zone the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, slot: 'content' | 'style', name: string, bytes: Buffer, type: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      return transfer;
    },
    { base64: bytes.toString('base64'), name, type },
  );
  for (const event of ['dragenter', 'dragover', 'drop']) await zone(page, slot).dispatchEvent(event, { dataTransfer });
}

/** Pastes a file the way a browser does: a paste event whose clipboardData holds it. */
async function pasteFile(page: Page, name: string, bytes: Buffer, type: string) {
  await page.evaluate(
    ({ base64, name, type }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const clipboardData = new DataTransfer();
      clipboardData.items.add(new File([data], name, { type }));
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    { base64: bytes.toString('base64'), name, type },
  );
}

async function downloadPng(page: Page): Promise<{ download: Download; png: PNG }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  const png = PNG.sync.read(readFileSync(await download.path()));
  return { download, png };
}

/** The photo drawn at `size` by the browser, to compare a result with. */
function photoPixels(page: Page, size: { width: number; height: number }): Promise<number[]> {
  return page.evaluate(async ({ width, height }) => {
    const bitmap = await createImageBitmap(await (await fetch('demo/winter-wolf.jpg')).blob());
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0, width, height);
    return [...context.getImageData(0, 0, width, height).data];
  }, size);
}

function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i]);
  return sum / ((a.length * 3) / 4);
}

async function waitForWasmEngine(page: Page) {
  const badge = page.locator('.engine-badge');
  await expect(badge).toHaveAttribute('data-phase', 'ready');
  await expect(badge).toContainText('wasm');
  return badge;
}

test('a streamed run on wasm that the user steers, pauses and downloads', async ({ page }) => {
  const size = 128;
  await page.goto('./?backend=wasm&size=128&iterations=40');

  // Threaded wasm really runs in the built (minified) app: one thread a core, as tfjs allows up to 8.
  const badge = await waitForWasmEngine(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(badge).toContainText(`${Math.min(cores, 8)} thread`);

  await page.getByTestId('content-file').setInputFiles(resolve(DEMO, 'winter-wolf.jpg'));
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  await dropFile(page, 'style', 'the_scream.jpg', demoFile('the_scream.jpg'), 'image/jpeg');
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Running');

  // Frames stream in while it runs, each different from the last.
  const frames = new Set<string>();
  await expect
    .poll(async () => {
      const hash = await canvasHash(page);
      if (hash) frames.add(hash);
      return frames.size;
    }, { intervals: [150] })
    .toBeGreaterThanOrEqual(3);

  // The style slider steers the running job: the new weight is in use and the count goes on.
  const styleSlider = page.getByRole('slider', { name: 'Style weight' });
  const weightBefore = await page.locator('.progress-weights').textContent();
  const iterationBefore = await totalIteration(page);
  await styleSlider.focus();
  await page.keyboard.press('End');
  const newWeight = await styleSlider.getAttribute('aria-valuetext');
  await expect(page.locator('.progress-weights')).toContainText(`style ${newWeight}`);
  expect(await page.locator('.progress-weights').textContent()).not.toBe(weightBefore);
  await expect.poll(() => totalIteration(page)).toBeGreaterThan(iterationBefore + 1);
  await expect(runPhase(page)).toHaveText('Running');

  // Paused, it does not advance; resumed, it goes on from there.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runPhase(page)).toHaveText('Paused');
  const pausedAt = await totalIteration(page);
  await page.waitForTimeout(3_000);
  expect(await totalIteration(page)).toBe(pausedAt);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => totalIteration(page)).toBeGreaterThan(pausedAt);

  // A download during the run is already at the full output size.
  const during = await downloadPng(page);
  expect(during.download.suggestedFilename()).toBe('winter-wolf-in-the-style-of-the_scream.png');
  expect({ width: during.png.width, height: during.png.height }).toEqual(outputSize(size));

  await expect(runPhase(page)).toHaveText('Done', { timeout: 150_000 });
  const after = await downloadPng(page);
  expect({ width: after.png.width, height: after.png.height }).toEqual(outputSize(size));
  const photo = await photoPixels(page, outputSize(size));
  expect(meanAbsoluteDifference(after.png.data, photo)).toBeGreaterThan(8);

  await page.screenshot({ path: 'test-results/finished-page.png', fullPage: true });
});

test('bad files get clear messages and change nothing else', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=4');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  await page.getByTestId('content-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await expect(page.getByRole('alert')).toHaveText(/^notes\.txt is not a picture/);

  const scream = demoFile('the_scream.jpg');
  const truncated = scream.subarray(0, Math.floor(scream.length * 0.4));
  await page.getByTestId('style-file').setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: truncated });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.jpg' })).toContainText('damaged');

  // The pictures loaded before are still there, and a run still works.
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  // Pasting replaces the picture of the focused box; Enter on a box opens the file chooser.
  await zone(page, 'style').focus();
  await pasteFile(page, 'starry_night.jpg', demoFile('starry_night.jpg'), 'image/jpeg');
  await expect(zone(page, 'style')).toContainText('starry_night.jpg');
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(resolve(DEMO, 'the_scream.jpg'));
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });
  expect(await canvasHash(page)).toBeDefined();

  // A huge picture is scaled down, with a note that says so.
  const huge = new PNG({ width: 6000, height: 300 });
  huge.data.fill(255); // opaque white: a translucent one would also get a note on its transparency
  await page.getByTestId('content-file').setInputFiles({ name: 'panorama.png', mimeType: 'image/png', buffer: PNG.sync.write(huge) });
  await expect(zone(page, 'content')).toContainText('panorama.png');
  await expect(zone(page, 'content')).toContainText('4096×205');
  await expect(page.getByText('Scaled down from 6000×300 to 4096×205.', { exact: true })).toBeVisible();
});

test('stopped on an early scale, the download is still the full output size', async ({ page }) => {
  const size = 512;
  await page.goto(`./?backend=wasm&size=${size}&iterations=30`);
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.progress-facts')).toContainText('Scale 1/');
  await expect.poll(() => totalIteration(page)).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(runPhase(page)).toHaveText('Stopped early');

  const shown = await canvasHash(page);
  expect(shown).toBeDefined();
  const shownWidth = Number(shown!.split('x')[0]);
  expect(shownWidth).toBeLessThan(outputSize(size).width);
  const { png } = await downloadPng(page);
  expect({ width: png.width, height: png.height }).toEqual(outputSize(size));
});

test('a crashed worker is restarted, keeping the pictures and the last frame', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=200');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => canvasHash(page)).toBeDefined();

  // An uncaught error inside the style worker, as a browser bug or a wasm abort would raise.
  const styleWorker = page.workers().find((worker) => worker.url().includes('styleWorker'));
  expect(styleWorker).toBeDefined();
  await styleWorker!.evaluate(() => setTimeout(() => {
    throw new Error('simulated crash');
  }));

  await expect(page.locator('.status-line')).toContainText('restarting');
  await expect(runPhase(page)).toHaveText('Failed');
  const lastFrame = await canvasHash(page);
  expect(lastFrame).toBeDefined();
  await waitForWasmEngine(page);
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  expect(await canvasHash(page)).toBe(lastFrame);

  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(() => totalIteration(page)).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(runPhase(page)).toHaveText('Stopped early');
});
