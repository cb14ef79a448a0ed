// A clip in the app, in Debian's Chromium on wasm: dropped on the photo box, rendered frame by frame,
// resumed after a reload at the frame it reached, downloaded as a video and decoded back.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VideoIo } from '../src/bench/videoPage';
import { framesHeldTo } from '../src/engine/video/framesHeldTo';
import { frameCount } from '../src/video/frameTiming';

/** The clip: 1.5 s at 8 fps, 96×64 (the app keeps a small clip's own size), WebM with a tone. */
const CLIP = { seconds: 1.5, fps: 8, width: 96, height: 64, container: 'webm', withAudio: true } as const;
/** Its first second rendered at 6 fps: 6 frames, the last two held to frames t−2 and t−4 too. */
const RENDER_FPS = 6;
const RENDER_SECONDS = 1;
const FRAMES = 6;

/** Four minutes, a frame every 4 s, 320×180: quick to make, and 7200 frames to paint at 30 fps. */
const LONG_CLIP = { seconds: 240, fps: 0.25, width: 320, height: 180, container: 'webm', withAudio: false } as const;

type TestWindow = Window & { videoIo: VideoIo; frameLookups: number; framesFurther: number[]; rendersAsked: string[] };

/** The clip's bytes, made by the app's own encoder on the video test page. */
async function makeClip(page: Page, clipRequest: Parameters<VideoIo['makeClip']>[0] = CLIP): Promise<Buffer> {
  await page.goto('./src/bench/video.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  const bytes = await page.evaluate(async (clip) => {
    const file = await (window as unknown as TestWindow).videoIo.makeClip(clip);
    return [...new Uint8Array(await file.arrayBuffer())];
  }, clipRequest);
  return Buffer.from(bytes);
}

const demo = (name: string) => readFileSync(resolve(import.meta.dirname, '../public/demo', name));
const progress = (page: Page) => page.locator('.video-progress');
const estimate = (page: Page) => page.locator('.video-estimate');

/** The renders whose frames the app keeps in OPFS (one folder each). */
const keptRenders = (page: Page) =>
  page.evaluate(async () => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('video-renders', { create: true });
    const names: string[] = [];
    for await (const name of (root as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names.sort();
  });

/** A render's folder with no frame in it, as versions of the app before 2026-12-07 left them. */
const makeEmptyRender = (page: Page, id: string) =>
  page.evaluate(async (id) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('video-renders', { create: true });
    await root.getDirectoryHandle(id, { create: true });
  }, id);

/** Puts a file where the app keeps frame 0 of render `id` (its PNG is never read here). */
const keepFrame = (page: Page, id: string, text: string) =>
  page.evaluate(
    async ({ id, text }) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('video-renders', { create: true });
      const folder = await root.getDirectoryHandle(id, { create: true });
      const writable = await (await folder.getFileHandle('frame-000000.png', { create: true })).createWritable();
      await writable.write(new Blob([text]));
      await writable.close();
    },
    { id, text },
  );

test('a clip is rendered frame by frame with the long-term term, resumes after a reload at the frame it reached from the frames before it kept, and downloads as a video of every frame', async ({ page }) => {
  test.setTimeout(240_000);
  const clip = await makeClip(page);
  // How many frames further back than the one before each frame of the clip is given (Ruder et al.'s t−2, t−4).
  await page.addInitScript(() => {
    const w = window as unknown as TestWindow;
    w.framesFurther = [];
    const postMessage = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: { type?: string; video?: { previous?: { further?: unknown[] } } }, options?: StructuredSerializeOptions | Transferable[]) {
      if (message.type === 'start' && message.video) w.framesFurther.push(message.video.previous?.further?.length ?? 0);
      postMessage.call(this, message, options as StructuredSerializeOptions);
    };
  });

  await page.goto('./?backend=wasm&size=64&iterations=6&scales=1');
  await page.getByTestId('style-file').setInputFiles({ name: 'starry_night.jpg', mimeType: 'image/jpeg', buffer: demo('starry_night.jpg') });
  await page.getByTestId('content-file').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
  await expect(page.locator('[data-slot="content"]')).toContainText('96×64 · 1.5 s');
  await page.getByLabel('Frame rate').selectOption(String(RENDER_FPS));
  await page.getByLabel('To (s)').fill(String(RENDER_SECONDS));
  await expect(page.locator('.video-panel')).toContainText(`${FRAMES} frames of ${RENDER_SECONDS.toFixed(1)} s`);
  await page.getByLabel('Long-term steadiness (slower)').check();
  await expect(page.locator('.engine-badge')).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });

  await page.getByRole('button', { name: 'Render video' }).click();
  // Three frames in, the page goes away as a crash would take it.
  await expect(page.locator('.filmstrip img')).toHaveCount(3, { timeout: 120_000 });
  await page.reload();
  // The render goes on by itself after the frames it kept, never from the first, still with the long-term term.
  await expect(page.locator('.status-line')).toContainText(new RegExp(`Continuing the video at frame [4-${FRAMES}] of ${FRAMES}`), { timeout: 120_000 });
  const resumedAt = Number(/Continuing the video at frame (\d)/.exec((await page.locator('.status-line').textContent())!)![1]) - 1;
  await expect(page.getByLabel('Long-term steadiness (slower)')).toBeChecked();
  await expect(page.locator('.status-line')).toContainText(`Done: all ${FRAMES} frames are painted`, { timeout: 180_000 });
  await expect(progress(page)).toContainText(`${FRAMES} of ${FRAMES} frames painted`);
  // Each frame after the reload was held to frames t−2 and t−4 where the clip has them: read back from the device for the first ones.
  const expected = Array.from({ length: FRAMES - resumedAt }, (_, i) => framesHeldTo(resumedAt + i, true).length - 1);
  expect(await page.evaluate(() => (window as unknown as TestWindow).framesFurther)).toEqual(expected);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download video' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^clip-in-the-style-of-starry_night\.(mp4|webm)$/);
  const video = readFileSync(await download.path());

  // Decoded back: every frame, at the clip's size, with its sound (for the second rendered).
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

test('renders that kept no frame are deleted when the app starts, the others kept', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await makeEmptyRender(page, 'render-empty');
  await keepFrame(page, 'render-kept', 'a frame');
  await page.reload();
  await expect.poll(() => keptRenders(page)).toEqual(['render-kept']);
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

test('a clip too long to render says how long it would take, and From and To shorten it until it renders', async ({ page }) => {
  const clip = await makeClip(page, LONG_CLIP);
  // Counts the app's lookups of kept frames: a slider's move must make none.
  // and the renders it looks up.
  await page.addInitScript(() => {
    const w = window as unknown as TestWindow;
    const storage = navigator.storage;
    const getDirectory = storage.getDirectory.bind(storage);
    w.frameLookups = 0;
    w.rendersAsked = [];
    storage.getDirectory = () => {
      w.frameLookups++;
      return getDirectory();
    };
    const getDirectoryHandle = FileSystemDirectoryHandle.prototype.getDirectoryHandle;
    FileSystemDirectoryHandle.prototype.getDirectoryHandle = function (this: FileSystemDirectoryHandle, name: string, options?: FileSystemGetDirectoryOptions) {
      if (name.startsWith('render-') && !w.rendersAsked.includes(name)) w.rendersAsked.push(name);
      return getDirectoryHandle.call(this, name, options);
    };
  });
  await page.goto('./?backend=wasm');
  await page.getByTestId('style-file').setInputFiles({ name: 'starry_night.jpg', mimeType: 'image/jpeg', buffer: demo('starry_night.jpg') });
  await page.getByTestId('content-file').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
  await expect(page.locator('[data-slot="content"]')).toContainText('320×180 · 240.0 s');
  await page.getByLabel('Frame rate').selectOption('30');

  // Once this device's speed is measured: how long, why not, and how short the clip must be.
  await expect(estimate(page)).toHaveText(
    /^Too long: this 240\.0 s clip would take about \d+ hours on this device \(7200 frames at [\d.]+ s each\), and a render may take 8 hours at most\. Shorten it to \d+\.\d s or less with From and To, or choose a lower frame rate or a smaller frame size\.$/,
    { timeout: 120_000 },
  );
  const render = page.getByRole('button', { name: 'Render video' });
  await expect(render).toBeDisabled();
  const longest = /Shorten it to ([\d.]+) s/.exec((await estimate(page).textContent())!)![1];
  expect(Number(longest)).toBeGreaterThan(0);
  // With the long-term term each frame after the first takes longer: the clip must be shorter.
  const longTerm = page.getByLabel('Long-term steadiness (slower)');
  await longTerm.check();
  await expect(estimate(page)).not.toContainText(`Shorten it to ${longest} s`);
  const longestLongTerm = /Shorten it to ([\d.]+) s/.exec((await estimate(page).textContent())!)![1];
  expect(Number(longestLongTerm)).toBeLessThan(Number(longest) * 0.8);
  await longTerm.uncheck();
  await expect(estimate(page)).toContainText(`Shorten it to ${longest} s`);

  // Looking up how many frames each setting has kept made no folder.
  expect(await keptRenders(page)).toEqual([]);
  // A render begun at these settings may go on, however long the rest would take: its first frame
  // is kept in each render the app has looked in so far (one of them is this one).
  const begun = await page.evaluate(() => (window as unknown as TestWindow).rendersAsked);
  expect(begun.length).toBeGreaterThan(0);
  for (const id of begun) await keepFrame(page, id, 'render begun');
  await page.getByLabel('Frame rate').selectOption('24');
  await page.getByLabel('Frame rate').selectOption('30');
  await expect(page.getByRole('button', { name: 'Continue from frame 2' })).toBeEnabled();
  // Only the frames still to paint are counted.
  await expect(estimate(page)).toHaveText(/^7200 frames of 240\.0 s, about \d+ h \d+ min on this device for the 7199 still to paint\. 1 of them is already painted and kept\.$/);

  const lookups = () => page.evaluate(() => (window as unknown as TestWindow).frameLookups);
  const before = await lookups();
  for (const exponent of ['1', '2.5', '3']) await page.getByLabel('Steadiness', { exact: true }).fill(exponent);
  // The clip cut to the length the sentence asked for: one lookup for that new render, none for the slider.
  await page.getByLabel('To (s)').fill(longest);
  const frames = frameCount({ start: 0, end: Number(longest), fps: 30 });
  await expect(estimate(page)).toHaveText(new RegExp(`^${frames} frames of ${Number(longest).toFixed(1)} s, about (\\d+ h )?\\d+ min( \\d+ s)? on this device\\.$`));
  await expect.poll(lookups).toBeGreaterThan(before);
  expect(await lookups()).toBe(before + 1);
  await expect(render).toBeEnabled();

  // A render of another clip left frames behind: starting this one deletes them.
  await keepFrame(page, 'render-stale', 'an old frame');
  await render.click();
  await expect(page.locator('.status-line')).toHaveText(`Rendering ${frames} frames of clip.webm.`);
  await expect.poll(async () => (await keptRenders(page)).filter((id) => id === 'render-stale' || begun.includes(id))).toEqual([]);

  // Forgetting in the middle of it stops the render and deletes its frames too.
  await page.getByRole('button', { name: 'Forget my pictures' }).click();
  await expect(page.locator('.video-panel')).toHaveCount(0);
  await expect.poll(() => keptRenders(page)).toEqual([]);
  await expect(page.locator('.status-line')).toContainText('forgotten');
});

test('a mask painted for a picture is said not to apply to a clip', async ({ page }) => {
  const clip = await makeClip(page);
  await page.goto('./?backend=wasm');
  await page.getByRole('button', { name: 'Try an example' }).click();
  await expect(page.locator('[data-slot="content"]')).toContainText('1920×1080');
  await page.getByText('Style only in part of the photo (mask)').click();
  await page.getByLabel('Mask file').setInputFiles(resolve(import.meta.dirname, '../public/demo/winter-wolf-mask.jpg'));
  await expect(page.locator('.mask-facts')).toContainText('Mask 1920×1080');
  await page.getByTestId('content-file').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: clip });
  await expect(page.locator('.video-panel')).toContainText('Masks and regions apply to pictures, not clips: every frame of the clip is painted all over.');
});
