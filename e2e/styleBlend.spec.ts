// Blending several paintings on the wasm backend: shares shown and used by a run, errors, the limit, removal.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DEMO = resolve(import.meta.dirname, '../public/demo');
const demoPath = (name: string) => resolve(DEMO, name);

const blendSection = (page: Page) => page.getByRole('region', { name: 'Blend paintings' });
const blendRows = (page: Page) => page.getByTestId('blend-row');
const runPhase = (page: Page) => page.locator('.progress-phase');

async function loadExample(page: Page) {
  await page.goto('./?backend=wasm&size=128&iterations=4');
  const badge = page.locator('.engine-badge');
  await expect(badge).toHaveAttribute('data-phase', 'ready');
  await expect(badge).toContainText('wasm');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');
  await expect(page.locator('[data-slot="content"]')).toContainText('winter-wolf.jpg');
}

/** Each row's file name and shown share, in order. */
async function rowShares(page: Page): Promise<string[]> {
  return blendRows(page).evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector('label')!.textContent!.replace('Share of ', '')} ${row.querySelector('output')!.textContent}`),
  );
}

/** Starts a run and waits for it to finish; the phase of an earlier run must not count. */
async function runToDone(page: Page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).not.toHaveText('Done');
  await expect(runPhase(page)).toHaveText('Done', { timeout: 60_000 });
}

/** The result canvas's RGBA pixels. */
function resultPixels(page: Page): Promise<number[]> {
  return page.locator('canvas.stage-canvas').evaluate((canvas: HTMLCanvasElement) => [
    ...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data,
  ]);
}

/** Mean of blue minus red over the pixels: higher is bluer (Starry Night), lower more orange (The Scream). */
function meanBlueMinusRed(pixels: number[]): number {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum += pixels[i + 2] - pixels[i];
  return sum / (pixels.length / 4);
}

function meanAbsoluteDifference(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i]);
  return sum / ((a.length * 3) / 4);
}

test('two paintings blend by their shares, and a share of 0 leaves the other painting alone', async ({ page }) => {
  await loadExample(page);
  await page.getByTestId('extra-style-file').setInputFiles(demoPath('starry_night.jpg'));
  await expect(blendRows(page)).toHaveCount(2);
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 50%', 'starry_night.jpg 50%']);

  await runToDone(page);
  const blended = await resultPixels(page);

  await page.getByRole('slider', { name: 'Share of the_scream.jpg' }).fill('0');
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 0%', 'starry_night.jpg 100%']);
  await runToDone(page);
  const starryOnly = await resultPixels(page);

  expect(starryOnly.length).toBe(blended.length);
  const difference = meanAbsoluteDifference(starryOnly, blended);
  const blueShift = meanBlueMinusRed(starryOnly) - meanBlueMinusRed(blended);
  console.log(`starry only vs blend: mean abs difference ${difference.toFixed(2)}, blue-minus-red shift ${blueShift.toFixed(2)}`);
  expect(difference).toBeGreaterThan(1);
  expect(blueShift).toBeGreaterThan(1);
});

test('adding paintings: a bad file, a drop, the limit of four, removal', async ({ page }) => {
  // Phone width: the rows must still fit.
  await page.setViewportSize({ width: 360, height: 800 });
  await loadExample(page);
  const section = blendSection(page);
  const extraFile = page.getByTestId('extra-style-file');

  await extraFile.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await expect(section.getByRole('alert')).toHaveText(/^notes\.txt is not a picture/);
  await expect(blendRows(page)).toHaveCount(0);
  await expect(page.locator('[data-slot="style"]')).toContainText('the_scream.jpg');

  // The button works from the keyboard: Enter opens the file chooser.
  await section.getByRole('button', { name: 'Add another painting' }).focus();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(demoPath('starry_night.jpg'));
  await expect(blendRows(page)).toHaveCount(2);
  await expect(section.getByRole('alert')).toHaveCount(0);

  // A picture dropped on the section joins the blend.
  const transfer = await page.evaluateHandle((base64) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File([data], 'wave_kanagawa.jpg', { type: 'image/jpeg' }));
    return dataTransfer;
  }, readFileSync(demoPath('wave_kanagawa.jpg')).toString('base64'));
  for (const event of ['dragenter', 'dragover', 'drop']) await section.dispatchEvent(event, { dataTransfer: transfer });
  await expect(blendRows(page)).toHaveCount(3);

  await extraFile.setInputFiles(demoPath('golden_gate.jpg'));
  await expect.poll(() => rowShares(page)).toEqual([
    'the_scream.jpg 25%',
    'starry_night.jpg 25%',
    'wave_kanagawa.jpg 25%',
    'golden_gate.jpg 25%',
  ]);

  // A fifth is refused with a message; the four stay.
  await extraFile.setInputFiles(demoPath('tubingen.jpg'));
  await expect(section.getByRole('alert')).toContainText('At most 4 paintings');
  await expect(blendRows(page)).toHaveCount(4);

  // Every row fits the phone's width.
  for (const box of await blendRows(page).evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().right))) {
    expect(box).toBeLessThanOrEqual(360);
  }

  // Removing a painting frees its preview and shares the blend among the rest.
  const starryRow = blendRows(page).filter({ hasText: 'starry_night.jpg' });
  const previewUrl = await starryRow.locator('img').getAttribute('src');
  await section.getByRole('button', { name: 'Remove starry_night.jpg' }).click();
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 33%', 'wave_kanagawa.jpg 33%', 'golden_gate.jpg 33%']);
  const stillReadable = await page.evaluate((url) => fetch(url!).then(() => true, () => false), previewUrl);
  expect(stillReadable).toBe(false);

  // With the extras gone the rows go too, and the main painting has its whole weight again.
  await page.getByRole('slider', { name: 'Share of the_scream.jpg' }).fill('0');
  await section.getByRole('button', { name: 'Remove wave_kanagawa.jpg' }).click();
  await section.getByRole('button', { name: 'Remove golden_gate.jpg' }).click();
  await expect(blendRows(page)).toHaveCount(0);
  await extraFile.setInputFiles(demoPath('starry_night.jpg'));
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 50%', 'starry_night.jpg 50%']);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
