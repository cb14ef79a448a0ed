// A clip in the app, in Debian's Chromium on wasm: dropped on the photo box, rendered frame by frame,
// resumed after a reload at the frame it reached, downloaded as a video and decoded back.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VideoIo } from '../src/bench/videoPage';

/** The clip: 1.5 s at 8 fps, 96×64 (the app keeps a small clip's own size), WebM with a tone. */
const CLIP = { seconds: 1.5, fps: 8, width: 96, height: 64, container: 'webm', withAudio: true } as const;
/** Rendered at 6 fps: 9 frames. */
const RENDER_FPS = 6;
const FRAMES = 9;

type TestWindow = Window & { videoIo: VideoIo };

/** The clip's bytes, made by the app's own encoder on the video test page. */
async function makeClip(page: Page): Promise<Buffer> {
  await page.goto('./src/bench/video.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const bytes = await page.evaluate(async (clip) => {
    const file = await (window as unknown as TestWindow).videoIo.makeClip(clip);
    return [...new Uint8Array(await file.arrayBuffer())];
  }, CLIP);
  return Buffer.from(bytes);
}

const demo = (name: string) => readFileSync(resolve(import.meta.dirname, '../public/demo', name));
const progress = (page: Page) => page.locator('.video-progress');

test('a clip is rendered frame by frame, resumes after a reload at the frame it reached, and downloads as a video of every frame', async ({ page }) => {
  test.setTimeout(240_000);
  const clip = await makeClip(page);

  await page.goto('./?backend=wasm&size=64&iterations=6&scales=1');
  await page.getByTestId('style-file').setInputFiles({ name: 'starry_night.jpg', mimeType: 'image/jpeg', buffer: demo('starry_night.jpg') });
  await page.getByTestId('content-file').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
  await expect(page.locator('[data-slot="content"]')).toContainText('96×64 · 1.5 s');
  await page.getByLabel('Frame rate').selectOption(String(RENDER_FPS));
  await expect(page.locator('.video-panel')).toContainText(`${FRAMES} frames of 1.5 s`);
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });

  await page.getByRole('button', { name: 'Render video' }).click();
  // Three frames in, the page goes away as a crash would take it.
  await expect(page.locator('.filmstrip img')).toHaveCount(3, { timeout: 120_000 });
  await page.reload();
  // The render goes on by itself after the frames it kept, never from the first.
  await expect(page.locator('.status-line')).toContainText(/Continuing the video at frame [4-9] of 9/, { timeout: 120_000 });
  await expect(page.locator('.status-line')).toContainText(`Done: all ${FRAMES} frames are painted`, { timeout: 180_000 });
  await expect(progress(page)).toContainText(`${FRAMES} of ${FRAMES} frames painted`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download video' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clip-in-the-style-of-starry_night\.(mp4|webm)$/);
  const video = readFileSync(await download.path());

  // Decoded back: every frame, at the clip's size, with its sound.
  await page.goto('./src/bench/video.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const back = await page.evaluate(
    async ({ bytes, fps }) => {
      const { videoIo } = window as unknown as TestWindow;
      const file = new File([new Uint8Array(bytes)], 'result');
      const probe = await videoIo.probeVideo(file);
      const frames = await videoIo.collect(file, { fps, longSide: 1024 });
      return { probe, frames: frames.map(({ width, height }) => `${width}×${height}`) };
    },
    { bytes: [...video], fps: RENDER_FPS },
  );
  expect(back.frames).toEqual(Array.from({ length: FRAMES }, () => '96×64'));
  expect(back.probe.hasAudio).toBe(true);
});

test('a file that is no video gets a sentence, and the photo box keeps its picture', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await page.getByTestId('content-file').setInputFiles({ name: 'winter-wolf.jpg', mimeType: 'image/jpeg', buffer: demo('winter-wolf.jpg') });
  await expect(page.locator('[data-slot="content"]')).toContainText('winter-wolf.jpg');
  await page.getByTestId('content-file').setInputFiles({ name: 'holiday.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video at all') });
  await expect(page.getByRole('alert')).toContainText('holiday.mp4 is not a video this app can open');
  await expect(page.locator('[data-slot="content"]')).toContainText('winter-wolf.jpg');
  await expect(page.locator('.video-panel')).toHaveCount(0);
});
