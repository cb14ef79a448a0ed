// The region-mask editor in a real browser: an uploaded mask, a painted one, a refused file. No run is started.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The demo pictures `npm run model` puts in public/ (from ../shared or their public sources).
const DEMO = resolve(import.meta.dirname, '../public/demo');
const MASK_FILE = resolve(DEMO, 'winter-wolf-mask.jpg');

const maskFacts = (page: Page) => page.locator('.mask-facts');

/** Drops a file on the mask section the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function dropMaskFile(page: Page, name: string, bytes: Buffer, type: string) {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
      return transfer;
    },
    { base64: bytes.toString('base64'), name, type },
  );
  for (const event of ['dragenter', 'dragover', 'drop']) await page.locator('.mask-body').dispatchEvent(event, { dataTransfer });
}

/** The "NN% styled" the editor shows for the current mask. */
async function styledPercent(page: Page): Promise<number> {
  const match = /(\d+)% styled/.exec((await maskFacts(page).textContent()) ?? '');
  expect(match, 'the mask summary shows how much is styled').not.toBeNull();
  return Number(match![1]);
}

test('a mask is uploaded, painted over the photo, and kept when a bad file comes', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=5');

  await page.getByText('Style only in part of the photo (mask)').click();
  // Without a photo there is nothing to mask.
  await expect(page.getByRole('button', { name: 'Upload mask' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Paint mask' })).toBeDisabled();

  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="content"]')).toContainText('1920×1080');

  // The uploaded mask (the same size as the photo here) shows as a thumbnail with its size and share.
  await page.getByLabel('Mask file').setInputFiles(MASK_FILE);
  await expect(page.getByRole('img', { name: /current mask/ })).toBeVisible();
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');
  await expect(page.locator('.mask-origin')).toHaveText('winter-wolf-mask.jpg');
  const uploadedPercent = await styledPercent(page);
  expect(uploadedPercent).toBeGreaterThan(0);
  expect(uploadedPercent).toBeLessThan(100);

  // Paint: the editor shows the uploaded mask; Clear, Fill all and a brush stroke each become the mask.
  await page.getByRole('button', { name: 'Paint mask' }).click();
  const canvas = page.getByRole('img', { name: /Mask painting area/ });
  await expect(canvas).toBeVisible();
  await page.getByRole('button', { name: 'Fill all' }).click();
  await expect(maskFacts(page)).toHaveText('Mask 1920×1080 · 100% styled');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(maskFacts(page)).toHaveText('Mask 1920×1080 · 0% styled');
  await expect(page.locator('.mask-origin')).toHaveText('Painted');

  // Zigzag strokes over the left half of the photo, with the default brush.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.05);
  await page.mouse.down();
  for (let row = 0; row <= 8; row++) {
    const y = box.y + box.height * (0.05 + (row / 8) * 0.9);
    const x = box.x + box.width * (row % 2 === 0 ? 0.45 : 0.05);
    await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.move(box.x + box.width * (row % 2 === 0 ? 0.05 : 0.45), y, { steps: 8 });
  }
  await page.mouse.up();
  await expect.poll(() => styledPercent(page)).toBeGreaterThanOrEqual(5);
  const paintedPercent = await styledPercent(page);
  expect(paintedPercent).toBeLessThanOrEqual(60);
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');

  // Erasing takes part of it back.
  await page.getByLabel('Erase').check();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.9, { steps: 10 });
  await page.mouse.up();
  await expect.poll(() => styledPercent(page)).toBeLessThan(paintedPercent);
  const keptFacts = await maskFacts(page).textContent();

  // A file that is not a picture is refused with a message; the mask stays as it was.
  await page.getByLabel('Mask file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a mask') });
  await expect(page.getByRole('alert')).toHaveText(/^notes\.txt is not a picture/);
  await expect(page.locator('.status-line')).toHaveText(/^notes\.txt is not a picture/);
  await expect(maskFacts(page)).toHaveText(keptFacts!);

  await page.getByRole('button', { name: 'Remove mask' }).click();
  await expect(maskFacts(page)).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A mask file dropped on the section is taken too.
  await dropMaskFile(page, 'winter-wolf-mask.jpg', readFileSync(MASK_FILE), 'image/jpeg');
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');

  // A photo of another size drops the mask, with a word why; a mask uploaded then is fitted to it.
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');
  await page.getByTestId('content-file').setInputFiles(resolve(DEMO, 'tubingen.jpg'));
  await expect(page.locator('.status-line')).toHaveText('The mask was removed: it was made for a 1920×1080 photo and this one is 760×400.');
  await expect(maskFacts(page)).toHaveCount(0);
  await page.getByLabel('Mask file').setInputFiles(MASK_FILE);
  await expect(maskFacts(page)).toContainText('Mask 760×400');
  await expect(page.locator('.status-line')).toContainText('scaled from 1920×1080');

  await page.screenshot({ path: 'test-results/mask-editor.png', fullPage: true });
});

test('a run with a mask paints only where the mask is white', async ({ page }) => {
  await page.goto('./?backend=wasm&size=128&iterations=8');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="content"]')).toContainText('1920×1080');
  await page.getByText('Style only in part of the photo (mask)').click();
  await page.getByLabel('Mask file').setInputFiles(MASK_FILE);
  await expect(maskFacts(page)).toContainText('Mask 1920×1080');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.progress-phase')).toHaveText('Done', { timeout: 120_000 });

  // The result against the photo and the mask, both drawn at the result's size.
  const { inside, outside } = await page.evaluate(
    async ({ photoUrl, maskBase64 }) => {
      const result = document.querySelector<HTMLCanvasElement>('canvas.stage-canvas')!;
      const { width, height } = result;
      const pixelsOf = async (blob: Blob) => {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d')!;
        context.drawImage(await createImageBitmap(blob), 0, 0, width, height);
        return context.getImageData(0, 0, width, height).data;
      };
      const photo = await pixelsOf(await (await fetch(photoUrl)).blob());
      const mask = await pixelsOf(new Blob([Uint8Array.from(atob(maskBase64), (c) => c.charCodeAt(0))]));
      const styled = result.getContext('2d')!.getImageData(0, 0, width, height).data;
      const sums = { inside: [0, 0], outside: [0, 0] };
      for (let p = 0; p < styled.length; p += 4) {
        const region = mask[p] > 200 ? sums.inside : mask[p] < 50 ? sums.outside : undefined;
        if (!region) continue;
        region[0] += Math.abs(styled[p] - photo[p]) + Math.abs(styled[p + 1] - photo[p + 1]) + Math.abs(styled[p + 2] - photo[p + 2]);
        region[1] += 3;
      }
      return { inside: sums.inside[0] / sums.inside[1], outside: sums.outside[0] / sums.outside[1] };
    },
    { photoUrl: 'demo/winter-wolf.jpg', maskBase64: readFileSync(MASK_FILE).toString('base64') },
  );
  // Where the mask is black the photo stays (up to resampling); where white, The Scream shows.
  expect(inside).toBeGreaterThan(8);
  expect(outside).toBeLessThan(inside / 3);
});
