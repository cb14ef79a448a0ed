// The region painter in a real browser (wasm): two painted regions each take their own painting, the
// neural-doodle example follows the Renoir's regions, and the maps survive a reload.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

const runPhase = (page: Page) => page.locator('.progress-phase');

/** A PNG file of `width`×`height` whose pixel (x, y) is `colour(x, y)`. */
function pngFile(name: string, width: number, height: number, colour: (x: number, y: number) => [number, number, number]) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      png.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { name, mimeType: 'image/png', buffer: PNG.sync.write(png) };
}

// A photo of two flat greys side by side, so that a fill at tolerance 40 takes exactly one half; and two
// paintings of opposite colours (orange-red and blue stripes), whose styles cannot be mistaken for each other.
const PHOTO = pngFile('halves.png', 160, 96, (x) => (x < 80 ? [170, 170, 170] : [90, 90, 90]));
const RED = pngFile('red.png', 96, 96, (x, y) => ((x + y) % 12 < 6 ? [230, 70, 30] : [160, 30, 20]));
const BLUE = pngFile('blue.png', 96, 96, (x, y) => ((x - y + 96) % 12 < 6 ? [40, 90, 230] : [20, 30, 150]));

async function waitForWasmEngine(page: Page) {
  const badge = page.locator('.engine-badge');
  await expect(badge).toHaveAttribute('data-phase', 'ready');
  await expect(badge).toContainText('wasm');
}

async function openRegions(page: Page) {
  const section = page.locator('details.region-section');
  if (!(await section.evaluate((details: HTMLDetailsElement) => details.open))) await page.getByText('Regions: which painting goes where').click();
}

/** The photo with two paintings, and the map over it: the left half filled red, the right half green. */
async function paintTwoRegions(page: Page) {
  await page.getByTestId('content-file').setInputFiles(PHOTO);
  await page.getByTestId('style-file').setInputFiles(RED);
  await page.getByTestId('extra-style-file').setInputFiles(BLUE);
  await expect(page.getByTestId('blend-row')).toHaveCount(2);
  await openRegions(page);
  await page.getByRole('button', { name: 'Paint map' }).click();
  const canvas = page.getByRole('img', { name: /Region painting area: the photo/ });
  await expect(canvas).toBeVisible();
  await page.getByLabel('Fill', { exact: true }).check();
  const { width, height } = (await canvas.boundingBox())!;
  await page.getByRole('radio', { name: /^Colour 1: painting 1/ }).click();
  await canvas.click({ position: { x: width * 0.25, y: height * 0.5 } });
  await page.getByRole('radio', { name: /^Colour 2: painting 2/ }).click();
  await canvas.click({ position: { x: width * 0.75, y: height * 0.5 } });
  await expect(page.getByLabel('Legend')).toContainText('red · 50%');
  await expect(page.getByLabel('Legend')).toContainText('green · 50%');
  await expect(page.getByLabel('Meaning of red')).toHaveValue('0');
  await expect(page.getByLabel('Meaning of green')).toHaveValue('1');
  await page.screenshot({ path: 'test-results/regions-two.png', fullPage: true });
}

test('two painted regions each take their own painting', async ({ page }) => {
  // The style outweighs the photo's flat greys, so that ten steps show it.
  await page.goto('./?backend=wasm&size=96&iterations=10&content=0.05&style=100');
  await waitForWasmEngine(page);
  await paintTwoRegions(page);

  // A brush stroke across both halves, then Undo (the button and Ctrl+Z) takes strokes back.
  await page.getByLabel('Brush', { exact: true }).check();
  const canvas = page.getByRole('img', { name: /Region painting area/ });
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.2, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByLabel('Legend')).not.toContainText('red · 50%');
  await page.keyboard.press('Control+z');
  await expect(page.getByLabel('Legend')).toContainText('red · 50%');
  await expect(page.getByLabel('Legend')).toContainText('green · 50%');

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });

  // Each half's mean colour against the two paintings' means.
  const halves = await page.locator('canvas.stage-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const mean = (from: number, to: number) => {
      const sum = [0, 0, 0];
      let count = 0;
      for (let y = 0; y < height; y++) {
        for (let x = Math.round(from * width); x < Math.round(to * width); x++) {
          for (let c = 0; c < 3; c++) sum[c] += data[(y * width + x) * 4 + c];
          count++;
        }
      }
      return sum.map((s) => s / count);
    };
    // The seam's neighbourhood blends both styles: left out.
    return { left: mean(0, 0.4), right: mean(0.6, 1) };
  });
  const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const red = [195, 50, 25];
  const blue = [30, 60, 190];
  console.log(`left ${halves.left.map(Math.round)}, right ${halves.right.map(Math.round)}`);
  expect(distance(halves.left, red)).toBeLessThan(distance(halves.left, blue));
  expect(distance(halves.right, blue)).toBeLessThan(distance(halves.right, red));
  // And not by a hair: each half leans to its painting's colour (red above blue on the left, and the other way).
  expect(halves.left[0] - halves.left[2]).toBeGreaterThan(halves.right[0] - halves.right[2] + 20);
});

test('the doodle example runs, and its regions take the colours of the Renoir’s regions', async ({ page }) => {
  await page.goto('./?backend=wasm&size=96&iterations=6');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try the doodle example' }).click();
  await expect(page.locator('.status-line')).toContainText('The doodle example is ready');
  await expect(page.locator('.doodle-start')).toContainText('Doodle 512×320');
  await expect(page.locator('[data-slot="style"]')).toContainText('renoir.png');
  // Every colour of the creek's map pairs with a region of the Renoir's map.
  const legend = page.getByLabel('Legend');
  await expect(legend.locator('li')).toHaveCount(4);
  await expect(legend).toContainText('painting 1 (renoir.png)’s green region');
  await expect(legend).toContainText('painting 1 (renoir.png)’s blue region');
  await expect(legend).not.toContainText('no painting’s map has this colour');

  // The painter, its palette and the legend, open: nothing serious for axe.
  await page.getByRole('button', { name: 'Paint map' }).click();
  const { violations } = await new AxeBuilder({ page }).include('.region-section').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });
  await page.screenshot({ path: 'test-results/regions-doodle.png', fullPage: true });

  // Per region of the doodle, the result's mean colour; per region of the Renoir's map, the painting's.
  const { result, renoir } = await page.locator('canvas.stage-canvas').evaluate(async (canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    const styled = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const pixels = async (url: string, w: number, h: number, smooth: boolean) => {
      const context = new OffscreenCanvas(w, h).getContext('2d')!;
      context.imageSmoothingEnabled = smooth;
      context.drawImage(await createImageBitmap(await (await fetch(url)).blob()), 0, 0, w, h);
      return context.getImageData(0, 0, w, h).data;
    };
    const keys = ['255,0,0', '0,255,0', '0,0,255', '255,255,255'];
    const regionOf = (map: Uint8ClampedArray, p: number) => {
      let best = 0;
      let bestDistance = Infinity;
      keys.forEach((key, k) => {
        const [r, g, b] = key.split(',').map(Number);
        const d = (map[p] - r) ** 2 + (map[p + 1] - g) ** 2 + (map[p + 2] - b) ** 2;
        if (d < bestDistance) [best, bestDistance] = [k, d];
      });
      return best;
    };
    const means = (image: Uint8ClampedArray, map: Uint8ClampedArray) => {
      const sums = keys.map(() => [0, 0, 0, 0]);
      for (let p = 0; p < image.length; p += 4) {
        const sum = sums[regionOf(map, p)];
        for (let c = 0; c < 3; c++) sum[c] += image[p + c];
        sum[3]++;
      }
      return sums.map(([r, g, b, n]) => [r / n, g / n, b / n]);
    };
    const doodleMap = await pixels('demo/creek-map.png', width, height, false);
    const [painting, paintingMap] = await Promise.all([pixels('demo/renoir.png', 512, 320, true), pixels('demo/renoir-map.png', 512, 320, false)]);
    return { result: means(styled, doodleMap), renoir: means(painting, paintingMap) };
  });
  const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  result.forEach((mean, region) => {
    const nearest = renoir.map((other) => distance(mean, other)).reduce((best, d, k, all) => (d < all[best] ? k : best), 0);
    console.log(`region ${region}: result ${mean.map(Math.round)}, Renoir's ${renoir[region].map(Math.round)}, nearest ${nearest}`);
    expect(nearest).toBe(region);
  });
});

test('maps, the colours’ meanings and a doodle survive a reload', async ({ page }) => {
  await page.goto('./?backend=wasm&size=96&iterations=4');
  await paintTwoRegions(page);
  // Green keeps the photo instead of taking painting 2.
  await page.getByLabel('Meaning of green').selectOption('photo');
  // A map over painting 2, from a file.
  await page.getByRole('radio', { name: 'Painting 2 (blue.png)', exact: true }).check();
  await page.getByLabel('Map file').setInputFiles(pngFile('blue-map.png', 96, 96, (x) => (x < 48 ? [255, 0, 0] : [0, 0, 255])));
  await expect(page.locator('.status-line')).toContainText('Map of painting 2 loaded: blue-map.png, 2 regions.');
  // With a painting's map the colours pair: red with its red region; green, in no painting's map, takes the whole style.
  await expect(page.getByLabel('Legend')).toContainText('painting 2 (blue.png)’s red region');
  const legendText = await page.getByLabel('Legend').textContent();
  await page.waitForTimeout(1000); // the write follows changes by 400 ms
  await page.reload();
  await openRegions(page);
  await expect(page.getByLabel('Legend')).toHaveText(legendText!);
  await expect(page.locator('.region-slots .mask-badge')).toHaveCount(2);
  // Without the painting's map, green's meaning is the one chosen before the reload.
  await page.getByRole('radio', { name: /^Painting 2 \(blue\.png\).*with a map$/ }).check();
  await page.getByRole('button', { name: 'Remove map' }).click();
  await expect(page.getByLabel('Meaning of green')).toHaveValue('photo');

  // A doodle comes back as a doodle, with its map.
  await page.getByRole('button', { name: 'Try the doodle example' }).click();
  await expect(page.locator('.status-line')).toContainText('The doodle example is ready');
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(page.locator('.doodle-start')).toContainText('Doodle 512×320');
  await expect(page.getByLabel('Legend').locator('li')).toHaveCount(4);
  await expect(page.locator('.region-slots .mask-badge')).toHaveCount(2);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('a finger paints a region, and the page does not scroll under it', async ({ page }) => {
    await page.goto('./?backend=wasm&size=96&iterations=4');
    await page.getByTestId('content-file').setInputFiles(PHOTO);
    await page.getByTestId('style-file').setInputFiles(RED);
    await openRegions(page);
    await page.getByRole('button', { name: 'Paint map' }).click();
    const canvas = page.getByRole('img', { name: /Region painting area: the photo/ });
    // The lines above the painter settle first (the measured time estimate): a change of their height
    // would move scrollY by scroll anchoring, with no finger involved.
    await expect(page.getByText('Measuring the speed of this device')).toHaveCount(0, { timeout: 120_000 });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const scrollBefore = await page.evaluate(() => window.scrollY);
    // A real touch drag (the browser makes the pointer events), top to bottom down the canvas's middle.
    const cdp = await page.context().newCDPSession(page);
    const at = (t: number) => [{ x: box.x + box.width / 2, y: box.y + box.height * (0.1 + 0.8 * t) }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let step = 1; step <= 10; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(step / 10) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(page.getByLabel('Legend')).toContainText(/red · \d+%/);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    // The painter fits the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
