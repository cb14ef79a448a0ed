// Settings: presets, colour preservation and advanced settings travel in the URL, survive a reload
// and a fresh browser, and colour preservation really keeps the photo's colours in a run.
import { expect, test, type Page } from '@playwright/test';

const runPhase = (page: Page) => page.locator('.progress-phase');
const strength = (page: Page, name: string) => page.getByRole('group', { name: 'Style strength' }).getByRole('button', { name });
const colours = (page: Page) => page.getByLabel('Colours');
const pooling = (page: Page) => page.getByLabel('Pooling');
const styleTerm = (page: Page) => page.getByLabel('Style term');
const seed = (page: Page) => page.getByRole('spinbutton', { name: 'Random seed' });

async function openAdvanced(page: Page) {
  const advanced = page.locator('details.advanced-settings');
  if (!(await advanced.evaluate((details: HTMLDetailsElement) => details.open))) await advanced.locator('summary').click();
}

/** The controls show Bold, the photo's colours, INetwork's style term, average pooling and seed 7. */
async function expectChosenSettings(page: Page) {
  await expect(strength(page, 'Bold')).toHaveAttribute('aria-pressed', 'true');
  await expect(strength(page, 'Balanced')).toHaveAttribute('aria-pressed', 'false');
  await expect(colours(page)).toHaveValue('luminance');
  await openAdvanced(page);
  await expect(styleTerm(page)).toHaveValue('inetwork');
  await expect(pooling(page)).toHaveValue('avg');
  await expect(seed(page)).toHaveValue('7');
}

/** The URL carries the chosen settings next to the forced backend (it is written a moment after a change). */
async function expectChosenUrl(page: Page) {
  await expect(page).toHaveURL((url) => {
    const params = url.searchParams;
    return (
      params.get('backend') === 'wasm' &&
      params.get('colour') === 'luminance' &&
      params.get('styleTerm') === 'inetwork' &&
      params.get('pooling') === 'avg' &&
      params.get('seed') === '7' &&
      params.has('style')
    );
  });
}

test('settings go into the URL, survive a reload, a fresh browser and a plain visit', async ({ page, browser }) => {
  await page.goto('./?backend=wasm');
  await expect(strength(page, 'Balanced')).toHaveAttribute('aria-pressed', 'true');
  expect(new URL(page.url()).search).toBe('?backend=wasm');

  await strength(page, 'Bold').click();
  await colours(page).selectOption('luminance');
  await openAdvanced(page);
  await styleTerm(page).selectOption('inetwork');
  await pooling(page).selectOption('avg');
  await seed(page).fill('7');
  await seed(page).blur();
  await expectChosenSettings(page);
  await expectChosenUrl(page);

  await page.reload();
  await expectChosenSettings(page);
  await expectChosenUrl(page);

  // A new context has no saved settings: the link alone carries them.
  const fresh = await browser.newContext();
  const shared = await fresh.newPage();
  await shared.goto(page.url());
  await expectChosenSettings(shared);
  await fresh.close();

  // A visit without settings in the URL gets the saved ones, and the URL shows them again.
  await page.goto('./?backend=wasm');
  await expectChosenSettings(page);
  await expectChosenUrl(page);

  // Moving the style slider makes the weights custom: no preset is pressed.
  await page.getByRole('slider', { name: 'Style weight' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('group', { name: 'Style strength' }).locator('[aria-pressed="true"]')).toHaveCount(0);
});

interface ChromaComparison {
  /** Mean distance in (Cb, Cr) between each pixel of the result and of the photo. */
  distance: number;
  /** Mean Cb of the result and of the photo: The Scream's orange lowers it (less blue). */
  resultCb: number;
  photoCb: number;
}

/** The result canvas against the photo drawn at its size, in the chroma of BT.601 YCbCr (0..255 scale). */
function compareChromaWithPhoto(page: Page): Promise<ChromaComparison> {
  return page.locator('canvas.stage-canvas').evaluate(async (canvas: HTMLCanvasElement) => {
    const { width, height } = canvas;
    const result = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const photoCanvas = new OffscreenCanvas(width, height);
    const context = photoCanvas.getContext('2d')!;
    context.drawImage(await createImageBitmap(await (await fetch('demo/winter-wolf.jpg')).blob()), 0, 0, width, height);
    const photo = context.getImageData(0, 0, width, height).data;
    const cb = (d: Uint8ClampedArray, i: number) => -0.168736 * d[i] - 0.331264 * d[i + 1] + 0.5 * d[i + 2];
    const cr = (d: Uint8ClampedArray, i: number) => 0.5 * d[i] - 0.418688 * d[i + 1] - 0.081312 * d[i + 2];
    let distance = 0;
    let resultCb = 0;
    let photoCb = 0;
    for (let i = 0; i < result.length; i += 4) {
      distance += Math.hypot(cb(result, i) - cb(photo, i), cr(result, i) - cr(photo, i));
      resultCb += cb(result, i);
      photoCb += cb(photo, i);
    }
    const pixels = width * height;
    return { distance: distance / pixels, resultCb: resultCb / pixels, photoCb: photoCb / pixels };
  });
}

async function runToTheEnd(page: Page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done');
}

test('keeping the photo’s colours gives the photo’s colours, not The Scream’s orange', async ({ page }) => {
  // Adam with large steps moves the colours far in 3 iterations (L-BFGS's first steps are small),
  // so that the run without colour preservation clearly takes the painting's colours.
  await page.goto('./?backend=wasm&size=128&iterations=3&optimizer=adam&lr=20');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready');
  await expect(page.locator('.time-estimate')).toContainText('on this device');

  await runToTheEnd(page);
  const paintingColours = await compareChromaWithPhoto(page);
  expect(paintingColours.resultCb).toBeLessThan(paintingColours.photoCb - 2);

  await colours(page).selectOption('luminance');
  await runToTheEnd(page);
  const photoColours = await compareChromaWithPhoto(page);
  // Only resampling differs (the engine’s and the browser’s): about half a level on average.
  expect(photoColours.distance).toBeLessThan(2);
  expect(photoColours.distance).toBeLessThan(paintingColours.distance / 5);
  expect(Math.abs(photoColours.resultCb - photoColours.photoCb)).toBeLessThan(1);
});
