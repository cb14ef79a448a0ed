// Pictures people really have, made by the test (scripts/testPictures.ts), through the built app:
// each is shown and stylised upright in its colours, or refused with a sentence that names it, and
// nothing refused loses the painting, the photo or the result already there.
import { expect, test, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { MAX_INPUT_SIDE } from '../src/state/options';
import { colourError, halfColours, makeTestPictures } from '../scripts/testPictures';
import { canvasHash } from './resultCanvas';

/** Long side of the results here: small, for short runs. */
const SIZE = 64;
/**
 * Stylised here, a run each: the phone photo (EXIF orientation while scaling down), the cutout
 * (transparency on white) and CMYK (the colour conversion most often wrong). The others go the same
 * way through the app; their colours are checked exactly through the command line's decoder.
 */
const STYLISED = ['IMG_1234.jpg', 'cutout.png', 'print-cmyk.jpg'];
/** How far one step of stylisation may move a half's mean colour from the photo's. */
const STYLISED_SLACK = 24;

const zone = (page: Page, slot: 'content' | 'style') => page.locator(`[data-slot="${slot}"]`);

/** `size` scaled to fit `longSide`, as the app scales. */
function fit(size: { width: number; height: number }, longSide: number) {
  const scale = Math.min(1, longSide / Math.max(size.width, size.height));
  return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
}

/** The result's pixels, RGBA. */
function resultPixels(page: Page): Promise<{ width: number; height: number; data: number[] }> {
  return page.locator('canvas.stage-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    return { width, height, data: [...canvas.getContext('2d')!.getImageData(0, 0, width, height).data] };
  });
}

test('every picture people have opens upright in its colours, or is refused by name without losing anything', async ({ page }) => {
  const { good, bad } = await makeTestPictures();
  await page.goto(`./?backend=wasm&size=${SIZE}&iterations=1&scales=1`);
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready');
  const photoInput = page.getByTestId('content-file');
  const photoField = page.locator('.dropzone-field', { has: zone(page, 'content') });
  // The painting first: no photo after it may lose it.
  await page.getByTestId('style-file').setInputFiles(resolve(import.meta.dirname, '../public/demo/the_scream.jpg'));
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  for (const picture of good) {
    await photoInput.setInputFiles({ name: picture.name, mimeType: picture.type, buffer: picture.bytes });
    const kept = fit(picture, MAX_INPUT_SIDE);
    await expect(zone(page, 'content')).toContainText(`${picture.name}${kept.width}×${kept.height}`);
    const notices = [
      kept.width < picture.width && `Scaled down from ${picture.width}×${picture.height} to ${kept.width}×${kept.height}.`,
      picture.transparent && 'Its transparent areas are painted as white.',
    ].filter(Boolean);
    if (notices.length) await expect(photoField.locator('.field-message')).toHaveText(notices.join(' '));
    if (!STYLISED.includes(picture.name)) continue;
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.locator('.progress-phase')).toHaveText('Done');
    const result = await resultPixels(page);
    expect({ width: result.width, height: result.height }, picture.name).toEqual(fit(picture, SIZE));
    const colours = halfColours(result);
    expect(colourError(picture, colours), `${picture.name}: ${JSON.stringify(colours)}`).toBeLessThanOrEqual(picture.tolerance + STYLISED_SLACK);
  }

  const lastPhoto = good.at(-1)!.name;
  const lastResult = await canvasHash(page);
  for (const picture of bad) {
    await photoInput.setInputFiles({ name: picture.name, mimeType: picture.type, buffer: picture.bytes });
    const alert = photoField.getByRole('alert');
    await expect(alert).toContainText(picture.name);
    await expect(alert).toHaveText(picture.says);
    // Only the message changed: the photo, the painting and the result are those from before.
    await expect(zone(page, 'content')).toContainText(lastPhoto);
    await expect(zone(page, 'style')).toContainText('the_scream.jpg');
    expect(await canvasHash(page)).toBe(lastResult);
  }
});
