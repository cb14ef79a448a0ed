// The user's pictures survive a reload (kept in IndexedDB, in this browser only), until "Forget my pictures".
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { canvasHash } from './resultCanvas';

// The demo pictures `npm run model` puts in public/ (from ../shared or their public sources).
const DEMO = resolve(import.meta.dirname, '../public/demo');
const MASK_FILE = resolve(DEMO, 'winter-wolf-mask.jpg');

const zone = (page: Page, slot: 'content' | 'style') => page.locator(`[data-slot="${slot}"]`);
const runPhase = (page: Page) => page.locator('.progress-phase');
const maskFacts = (page: Page) => page.locator('.mask-facts');
const blendRows = (page: Page) => page.getByTestId('blend-row');

async function waitForWasmEngine(page: Page) {
  const badge = page.locator('.engine-badge');
  await expect(badge).toHaveAttribute('data-phase', 'ready');
  await expect(badge).toContainText('wasm');
}

/** What a drop zone shows: its text, and the size of the thumbnail picture once it has loaded. */
function zoneView(page: Page, slot: 'content' | 'style') {
  return zone(page, slot).evaluate((box) => {
    const thumb = box.querySelector('img.dropzone-thumb') as HTMLImageElement | null;
    return { text: box.textContent, thumb: thumb?.complete && thumb.naturalWidth > 0 ? `${thumb.naturalWidth}×${thumb.naturalHeight}` : undefined };
  });
}

async function rowShares(page: Page): Promise<string[]> {
  return blendRows(page).evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector('label')!.textContent!.replace('Share of ', '')} ${row.querySelector('output')!.textContent}`),
  );
}

async function downloadPng(page: Page): Promise<{ name: string; png: PNG }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
  return { name: download.suggestedFilename(), png: PNG.sync.read(readFileSync(await download.path())) };
}

/** The keys of the app's picture store (written a moment after each change). */
function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('neural-style');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('pictures')) {
            db.close();
            return resolve([]);
          }
          const keys = db.transaction('pictures').objectStore('pictures').getAllKeys();
          keys.onerror = () => reject(keys.error);
          keys.onsuccess = () => {
            db.close();
            resolve((keys.result as string[]).sort());
          };
        };
      }),
  );
}

test('the pictures, the blend, the mask and the result survive a reload, until they are forgotten', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=4');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'content')).toContainText('winter-wolf.jpg');
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');

  await page.getByTestId('extra-style-file').setInputFiles(resolve(DEMO, 'starry_night.jpg'));
  await page.getByRole('slider', { name: 'Share of the_scream.jpg' }).fill('30');
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 23%', 'starry_night.jpg 77%']);

  await page.getByText('Style only in part of the photo (mask)').click();
  await page.getByLabel('Mask file').setInputFiles(MASK_FILE);
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');
  const maskText = await maskFacts(page).textContent();

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });
  const before = {
    content: await zoneView(page, 'content'),
    style: await zoneView(page, 'style'),
    result: await canvasHash(page),
  };
  expect(before.content).toEqual({ text: expect.stringContaining('1920×1080'), thumb: '1920×1080' });
  expect(before.style.thumb).toBeDefined();
  expect(before.result).toMatch(/^128x72:/);
  const download = await downloadPng(page);
  expect({ width: download.png.width, height: download.png.height }).toEqual({ width: 128, height: 72 });

  // Everything is written a moment after it changes.
  await expect.poll(() => storedKeys(page)).toEqual(['content', 'extras', 'mask', 'result', 'style', 'weights']);
  await page.reload();

  // Back as they were, before the engine is even needed.
  await expect.poll(() => zoneView(page, 'content')).toEqual(before.content);
  await expect.poll(() => zoneView(page, 'style')).toEqual(before.style);
  await expect.poll(() => rowShares(page)).toEqual(['the_scream.jpg 23%', 'starry_night.jpg 77%']);
  await expect.poll(() => canvasHash(page)).toBe(before.result);
  await expect(page.locator('.mask-badge')).toHaveText('On');
  await page.getByText('Style only in part of the photo (mask)').click();
  await expect(maskFacts(page)).toHaveText(maskText!);
  await expect(page.locator('.mask-origin')).toHaveText('winter-wolf-mask.jpg');
  const again = await downloadPng(page);
  expect(again.name).toBe(download.name);
  expect({ width: again.png.width, height: again.png.height }).toEqual({ width: 128, height: 72 });
  expect(again.png.data.equals(download.png.data)).toBe(true);
  await waitForWasmEngine(page);
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();

  await page.getByRole('button', { name: 'Forget my pictures' }).click();
  await expect(page.locator('.status-line')).toContainText('forgotten');
  await expect(zone(page, 'content')).toContainText('The picture to repaint');
  expect(await canvasHash(page)).toBeUndefined();
  expect(await storedKeys(page)).toEqual([]);

  await page.reload();
  await waitForWasmEngine(page);
  await expect(zone(page, 'content')).toContainText('The picture to repaint');
  await expect(zone(page, 'style')).toContainText('The style to paint it in');
  await expect(page.locator('img.dropzone-thumb')).toHaveCount(0);
  await expect(blendRows(page)).toHaveCount(0);
  await expect(page.locator('.mask-badge')).toHaveCount(0);
  expect(await canvasHash(page)).toBeUndefined();
  await expect(page.getByRole('button', { name: 'Download PNG' })).toBeDisabled();
  expect(await storedKeys(page)).toEqual([]);
});

test('without IndexedDB (blocked storage) the app works as before and says that pictures are not kept', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await page.goto('./?backend=wasm&size=128&iterations=4');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'content')).toContainText('1920×1080');
  await expect(page.locator('.status-line')).toHaveText(
    'Your pictures could not be kept in this browser (The operation is insecure.): a reload will lose them.',
  );
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(runPhase(page)).toHaveText('Done', { timeout: 120_000 });
  expect(await canvasHash(page)).toMatch(/^128x72:/);
  await page.getByRole('button', { name: 'Forget my pictures' }).click();
  await expect(page.locator('.status-line')).toContainText('Your pictures are cleared from the page');
  await expect(zone(page, 'content')).toContainText('The picture to repaint');
});

test('a kept picture that is no longer a picture, and hostile settings in the link, are said and left out', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=4');
  await waitForWasmEngine(page);
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await expect.poll(() => storedKeys(page)).toEqual(['content', 'style']);
  // The photo's stored file is overwritten with text, as a damaged store or another page could.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('neural-style');
        open.onsuccess = () => {
          const store = open.result.transaction('pictures', 'readwrite').objectStore('pictures');
          const put = store.put({ blob: new Blob(['not a picture'], { type: 'image/jpeg' }), name: 'winter-wolf', fileName: 'winter-wolf.jpg' }, 'content');
          put.onsuccess = () => resolve();
          put.onerror = () => reject(put.error);
        };
      }),
  );

  await page.goto('./?backend=wasm&size=1e308&iterations=NaN&styleLayers=relu9_9:1');
  await expect(page.locator('.status-line')).toContainText('Some kept pictures could not be restored (winter-wolf.jpg)');
  await expect(zone(page, 'style')).toContainText('the_scream.jpg');
  await expect(zone(page, 'content')).toContainText('The picture to repaint');
  await waitForWasmEngine(page);
  // None of the link's settings was taken, so the saved ones of the first visit stand.
  await expect(page.getByLabel('Output size')).toHaveValue('128');
});
