// The layout on a phone and on a desktop: on a narrow screen Start and the result come right after
// the pictures, before the long settings panel; on a wide one the settings stay beside the result.
import { expect, test, type Locator, type Page } from '@playwright/test';

const box = async (locator: Locator) => (await locator.boundingBox({ timeout: 10_000 }))!;

/** The example's photo and painting, loaded, and the boxes of the page's parts. */
async function layoutWithExample(page: Page) {
  await page.goto('./?backend=wasm');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('.dropzone-thumb')).toHaveCount(2);
  return {
    pictures: await box(page.getByRole('region', { name: 'Pictures' })),
    result: await box(page.getByRole('region', { name: 'Result' })),
    stage: await box(page.locator('.stage')),
    start: await box(page.getByRole('button', { name: 'Start' })),
    settingsHeading: await box(page.getByRole('heading', { name: 'Settings' })),
  };
}

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Start and the result come right after the pictures, the settings below them, and nothing is wider than the screen', async ({ page }) => {
    const { pictures, stage, start, settingsHeading } = await layoutWithExample(page);
    expect(stage.y).toBeGreaterThanOrEqual(pictures.y + pictures.height);
    expect(stage.y + stage.height).toBeLessThanOrEqual(settingsHeading.y);
    expect(start.y + start.height).toBeLessThanOrEqual(settingsHeading.y);
    // Within a screen and a third of the top of the pictures: a short scroll, not past the settings.
    expect(start.y + start.height - pictures.y).toBeLessThan(1.3 * 844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test('on a desktop (1280 px) the settings stay under the pictures, as one card, beside the result', async ({ page }) => {
  const { pictures, result } = await layoutWithExample(page);
  const settings = await box(page.getByRole('region', { name: 'Settings' }));
  expect(settings.x).toBe(pictures.x);
  expect(settings.y).toBeCloseTo(pictures.y + pictures.height, 0);
  expect(settings.x + settings.width).toBeLessThan(result.x);
  expect(result.y).toBe(pictures.y);
  expect(settings.y).toBeLessThan(result.y + result.height);
});
