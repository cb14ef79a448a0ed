// The tools over the result in a real browser on wasm: the before/after divider, and the timelapse download.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/** winter-wolf.jpg (1920×1080) at ?size=128. */
const OUTPUT = { width: 128, height: 72 };

const runPhase = (page: Page) => page.locator('.progress-phase');

function canvasPixels(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => [
    ...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data,
  ]);
}

/** The photo scaled to `size` by the browser, to compare with. */
function photoPixels(page: Page, size: { width: number; height: number }): Promise<number[]> {
  return page.evaluate(async ({ width, height }) => {
    const file = await (await fetch('demo/winter-wolf.jpg')).blob();
    const bitmap = await createImageBitmap(file, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    const context = new OffscreenCanvas(width, height).getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    return [...context.getImageData(0, 0, width, height).data];
  }, size);
}

function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i]);
  return sum / ((a.length * 3) / 4);
}

const stageScreenshot = async (page: Page) => PNG.sync.read(await page.locator('.stage').screenshot()).data;

test('the divider shows the photo on one side and the result on the other; the run saves as a timelapse', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=12');
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
  const compare = page.getByRole('button', { name: 'Compare' });
  const saveTimelapse = page.getByRole('button', { name: 'Save timelapse' });
  await expect(compare).toBeDisabled();
  await expect(saveTimelapse).toBeDisabled();

  // Compare goes on as soon as the first frame is in, while the run goes on, and stays on to its end.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(compare).toBeEnabled();
  await compare.click();
  await expect(compare).toHaveAttribute('aria-pressed', 'true');
  const divider = page.getByRole('slider', { name: 'Before/after divider' });
  await expect(divider).toBeVisible();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 90_000 });

  const result = await canvasPixels(page, 'canvas.stage-canvas');
  await compare.click();
  await expect(divider).toBeHidden();
  const plainStage = await stageScreenshot(page);
  await compare.click();

  // Keyboard: Home puts the divider at the left edge (all result), End at the right (all photo).
  await divider.focus();
  await page.keyboard.press('Home');
  await expect(divider).toHaveValue('0');
  const resultEnd = await stageScreenshot(page);
  await page.keyboard.press('End');
  await expect(divider).toHaveValue('100');
  const photoEnd = await stageScreenshot(page);
  await page.keyboard.press('ArrowLeft');
  await expect(divider).toHaveValue('99');

  const photo = await photoPixels(page, OUTPUT);
  const overlay = await canvasPixels(page, 'canvas.compare-photo');
  const resultVsPhoto = meanAbsoluteDifference(result, photo);
  const overlayVsPhoto = meanAbsoluteDifference(overlay, photo);
  const resultEndVsPlain = meanAbsoluteDifference(resultEnd, plainStage);
  const photoEndVsPlain = meanAbsoluteDifference(photoEnd, plainStage);
  // The overlay is the photo at the result's size (measured: 0); the result has moved away from it (13.6).
  expect(overlayVsPhoto).toBeLessThan(2);
  expect(resultVsPhoto).toBeGreaterThan(6);
  // On screen: at 0% the stage looks as it does without the overlay but for the divider's handle and tags (0.9),
  // at 100% it shows the photo instead (13.4).
  expect(resultEndVsPlain).toBeLessThan(2);
  expect(photoEndVsPlain).toBeGreaterThan(6);
  // The result canvas itself still holds the pure result.
  expect(await canvasPixels(page, 'canvas.stage-canvas')).toEqual(result);

  // The timelapse: every frame of the run, as a video named like the PNG.
  await expect(saveTimelapse).toBeEnabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await saveTimelapse.click();
      await expect(page.getByRole('button', { name: 'Preparing timelapse…' })).toBeDisabled();
    })(),
  ]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^winter-wolf-in-the-style-of-the_scream-timelapse\.(webm|gif)$/);
  const bytes = readFileSync(await download.path());
  const magic = name.endsWith('.webm') ? Buffer.from([0x1a, 0x45, 0xdf, 0xa3]) : Buffer.from('GIF89a');
  expect(bytes.subarray(0, magic.length)).toEqual(magic);
  expect(bytes.length).toBeGreaterThan(2048);
  await expect(page.locator('.status-line')).toContainText(/Timelapse saved: \d+ frames/);
  await expect(saveTimelapse).toBeEnabled();
});

/** The number of images in a GIF: walks its blocks (an image descriptor is 0x2C, an extension 0x21, the end 0x3B). */
function gifFrameCount(bytes: Buffer): number {
  const tableSize = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const skipSubBlocks = (at: number) => {
    while (bytes[at] !== 0) at += bytes[at] + 1;
    return at + 1;
  };
  let at = 13 + tableSize(bytes[10]);
  let frames = 0;
  while (at < bytes.length && bytes[at] !== 0x3b) {
    if (bytes[at] === 0x21) at = skipSubBlocks(at + 2);
    else if (bytes[at] === 0x2c) {
      frames++;
      at = skipSubBlocks(at + 10 + tableSize(bytes[at + 9]) + 1);
    } else throw new Error(`unexpected GIF block 0x${bytes[at].toString(16)} at ${at}`);
  }
  expect(bytes[at], 'the GIF ends with its trailer').toBe(0x3b);
  return frames;
}

test('without a video recorder, the timelapse is saved as an animated GIF', async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as { MediaRecorder?: unknown }).MediaRecorder;
  });
  await page.goto('./?backend=wasm&size=128&iterations=4');
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 90_000 });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save timelapse' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('winter-wolf-in-the-style-of-the_scream-timelapse.gif');
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  await expect(page.locator('.status-line')).toContainText(/Timelapse saved: \d+ frames/);
  const saved = /Timelapse saved: (\d+) frames/.exec((await page.locator('.status-line').textContent())!);
  const frames = gifFrameCount(bytes);
  expect(frames).toBeGreaterThan(1);
  expect(frames).toBe(Number(saved![1]));
});
