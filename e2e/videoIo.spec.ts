// The video modules (src/video) in Debian's Chromium, through the built video page: a clip made here
// is probed, decoded at a chosen frame rate and size, encoded again with its sound and decoded back;
// finished frames outlive a reload; files that are no usable video get their sentence.
import { expect, test, type Page } from '@playwright/test';
import type { VideoIo } from '../src/bench/videoPage';

/** The test clip: 2 s at 20 fps, 160×120, VP8 or VP9 in WebM, with a tone. */
const CLIP = { seconds: 2, fps: 20, width: 160, height: 120, container: 'webm', withAudio: true } as const;
/** What the app would ask of it: 10 fps, 64 px long side, from 0.5 s to 1.5 s. */
const RENDER = { fps: 10, longSide: 64, start: 0.5, end: 1.5 };
/** How far a flat grey square may drift through two lossy encodings. */
const LEVEL_SLACK = 3;

/** 10 s at 24 fps: long enough for a steady rate, about a second of work. */
const SPEED_FRAMES = 240;

type TestWindow = Window & { videoIo: VideoIo; clip: File };

async function openVideoPage(page: Page): Promise<void> {
  await page.goto('./src/bench/video.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

test('a clip is probed, decoded at the chosen rate and size, encoded with its sound and decoded back', async ({ page }) => {
  await openVideoPage(page);
  const support = await page.evaluate(() => (window as unknown as TestWindow).videoIo.codecSupport());
  console.log(`codecs in this Chromium: ${JSON.stringify(support)}`);

  const probe = await page.evaluate(async (clip) => {
    const w = window as unknown as TestWindow;
    w.clip = await w.videoIo.makeClip(clip);
    return w.videoIo.probeVideo(w.clip);
  }, CLIP);
  expect(probe).toMatchObject({ width: CLIP.width, height: CLIP.height, fps: CLIP.fps, hasAudio: true, audioCodec: 'opus', canDecode: true });
  expect(['vp8', 'vp9']).toContain(probe.codec);
  expect(probe.durationS).toBeCloseTo(CLIP.seconds, 1);

  // The frames of 0.5 s to 1.5 s at 10 fps are the clip's frames 10, 12, ... 28: each square's grey says which it is.
  const decoded = await page.evaluate(async (render) => {
    const w = window as unknown as TestWindow;
    const frames = await w.videoIo.collect(w.clip, render);
    return frames.map(({ width, height, data }) => ({ width, height, level: data[(Math.floor(height / 4) * width + Math.floor(width / 4)) * 4] }));
  }, RENDER);
  const expectedFrames = Array.from({ length: 10 }, (_, i) => (RENDER.start + i / RENDER.fps) * CLIP.fps);
  expect(decoded.map(({ width, height }) => `${width}×${height}`)).toEqual(expectedFrames.map(() => '64×48'));
  const levels = await page.evaluate((indices) => indices.map((index) => (window as unknown as TestWindow).videoIo.frameLevel(Math.round(index))), expectedFrames);
  decoded.forEach(({ level }, i) => expect(Math.abs(level - levels[i]), `frame ${i}: grey ${level}, not ${levels[i]}`).toBeLessThanOrEqual(LEVEL_SLACK));

  // Those frames encoded as the result, with the original's sound for the same second, then read back.
  const result = await page.evaluate(async (render) => {
    const w = window as unknown as TestWindow;
    const frames = await w.videoIo.collect(w.clip, render);
    const video = await w.videoIo.encodeVideo(frames, { fps: render.fps, audioFrom: w.clip, start: render.start, end: render.end });
    const probe = await w.videoIo.probeVideo(video.blob, 'result');
    const back = await w.videoIo.collect(video.blob, { fps: render.fps, longSide: 1024 });
    // A resumed render asks for the frames from where it stopped, numbered as before.
    const resumed = await w.videoIo.collect(video.blob, { fps: render.fps, longSide: 1024, firstFrame: 7 });
    const level = ({ width, height, data }: { width: number; height: number; data: ArrayLike<number> }) => data[(Math.floor(height / 4) * width + Math.floor(width / 4)) * 4];
    return {
      mimeType: video.mimeType,
      audio: video.audio,
      probe,
      back: back.map((frame) => ({ size: `${frame.width}×${frame.height}`, level: level(frame) })),
      resumed: resumed.map((frame) => ({ index: (frame as { index?: number }).index, level: level(frame) })),
    };
  }, RENDER);
  console.log(`result: ${result.mimeType}, sound ${result.audio}`);
  expect(result.mimeType).toMatch(support.encodeVideo.avc ? /^video\/mp4/ : /^video\/webm/);
  expect(result.audio).toBe('copied');
  expect(result.probe).toMatchObject({ width: 64, height: 48, fps: RENDER.fps, hasAudio: true, audioCodec: 'opus' });
  expect(result.probe.durationS).toBeCloseTo(RENDER.end - RENDER.start, 1);
  expect(result.back.map(({ size }) => size)).toEqual(expectedFrames.map(() => '64×48'));
  result.back.forEach(({ level }, i) => expect(Math.abs(level - levels[i]), `result frame ${i}: grey ${level}, not ${levels[i]}`).toBeLessThanOrEqual(LEVEL_SLACK));
  expect(result.resumed.map(({ index }) => index)).toEqual([7, 8, 9]);
  result.resumed.forEach(({ level }, i) => expect(Math.abs(level - levels[7 + i])).toBeLessThanOrEqual(LEVEL_SLACK));
});

test('sound the chosen container cannot hold is encoded again, trimmed like the frames', async ({ page }) => {
  await openVideoPage(page);
  const result = await page.evaluate(async () => {
    const { videoIo } = window as unknown as TestWindow;
    const wav = await videoIo.toneFile(2, 'pcm-s16');
    const frames = [0, 1, 2, 3, 4].map((index) => videoIo.testFrame(index, 32, 24));
    const video = await videoIo.encodeVideo(frames, { fps: 10, container: 'webm', audioFrom: wav, start: 1, end: 1.5 });
    return { audio: video.audio, mimeType: video.mimeType, probe: await videoIo.probeVideo(video.blob, 'result') };
  });
  expect(result.audio).toBe('re-encoded');
  expect(result.mimeType).toMatch(/^video\/webm/);
  expect(result.probe).toMatchObject({ hasAudio: true, audioCodec: 'opus', width: 32, height: 24 });
  expect(result.probe.durationS).toBeCloseTo(0.5, 1);
});

test('finished frames outlive a reload, and the render resumes at the next frame', async ({ page }) => {
  await openVideoPage(page);
  for (const storage of ['opfs', 'indexeddb'] as const) {
    const renderId = `render-e2e-${storage}`;
    const saved = await page.evaluate(
      async ({ renderId, storage }) => {
        const { videoIo } = window as unknown as TestWindow;
        await videoIo.stores.clear(renderId, storage);
        const frames = [0, 1, 2].map((index) => videoIo.testFrame(index, 34, 20));
        await videoIo.stores.save(renderId, storage, frames);
        if (storage === 'opfs') {
          // What a crash between creating frame 3's file and writing it leaves: an empty file.
          const folder = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('video-renders')).getDirectoryHandle(renderId);
          await folder.getFileHandle('frame-000003.png', { create: true });
        }
        return [...frames[1].data];
      },
      { renderId, storage },
    );
    // A reload: a new page, nothing in memory, only what the device kept.
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const after = await page.evaluate(
      async ({ renderId, storage }) => {
        const { videoIo } = window as unknown as TestWindow;
        const state = await videoIo.stores.state(renderId, storage);
        const frame = await videoIo.stores.load(renderId, storage, 1);
        return { ...state, frame: frame && { width: frame.width, height: frame.height, data: [...frame.data] } };
      },
      { renderId, storage },
    );
    expect(after, storage).toMatchObject({ storage, done: [0, 1, 2], next: 3 });
    expect(after.frame, `${storage} keeps frame 1 exactly`).toEqual({ width: 34, height: 20, data: saved });
    // Another render's frames are another render's; clearing forgets this one's.
    const cleared = await page.evaluate(
      async ({ renderId, storage }) => {
        const { videoIo } = window as unknown as TestWindow;
        const other = await videoIo.stores.state(`${renderId}-other`, storage);
        await videoIo.stores.clear(renderId, storage);
        return { other: other.done, again: (await videoIo.stores.state(renderId, storage)).done };
      },
      { renderId, storage },
    );
    expect(cleared).toEqual({ other: [], again: [] });
  }
});

test('a render only looked up leaves nothing, renders without a frame are deleted, a new render deletes every other, and forgetting deletes them all', async ({ page }) => {
  await openVideoPage(page);
  for (const storage of ['opfs', 'indexeddb'] as const) {
    const renders = await page.evaluate(async (storage) => {
      const { videoIo } = window as unknown as TestWindow;
      const { stores } = videoIo;
      await stores.removeRendersBut(undefined, storage);
      const frame = videoIo.testFrame(0, 8, 6);
      for (const id of ['render-old-a', 'render-current', 'render-old-b']) await stores.save(id, storage, [frame, frame]);
      // The video panel counts the frames kept of every setting it is shown.
      await stores.state('render-looked-up', storage);
      const before = (await stores.renders(storage)).sort();
      if (storage === 'opfs') {
        // What earlier versions left of a render stopped before its first frame, and a crash in its first frame's writing.
        const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('video-renders');
        await root.getDirectoryHandle('render-empty', { create: true });
        await (await root.getDirectoryHandle('render-unwritten', { create: true })).getFileHandle('frame-000000.png', { create: true });
      }
      await stores.removeEmptyRenders(storage);
      const withFrames = (await stores.renders(storage)).sort();
      await stores.removeRendersBut('render-current', storage);
      const kept = await stores.renders(storage);
      const current = await stores.state('render-current', storage);
      await stores.removeRendersBut(undefined, storage);
      return { before, withFrames, kept, current: current.done, forgotten: await stores.renders(storage) };
    }, storage);
    const three = ['render-current', 'render-old-a', 'render-old-b'];
    expect(renders, storage).toEqual({ before: three, withFrames: three, kept: ['render-current'], current: [0, 1], forgotten: [] });
  }
});

test('a file that is no video, an empty one, a codec the browser cannot decode and a browser without WebCodecs each get a sentence', async ({ page }) => {
  await openVideoPage(page);
  const said = await page.evaluate(async () => {
    const { videoIo } = window as unknown as TestWindow;
    const message = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: Error) => error.message);
    const prores = await videoIo.proresMov();
    const proresProbe = await videoIo.probeVideo(prores);
    return {
      text: await message(videoIo.probeVideo(new File(['shopping list'], 'notes.txt', { type: 'text/plain' }))),
      empty: await message(videoIo.probeVideo(new File([], 'empty.mp4', { type: 'video/mp4' }))),
      prores: { canDecode: proresProbe.canDecode, problem: proresProbe.problem },
      proresDecode: await message(videoIo.collect(prores, { fps: 10, longSide: 64 })),
      noWebCodecs: await withoutWebCodecs(() => message(videoIo.probeVideo(prores))),
    };

    /** As in a browser without WebCodecs, for the length of `run`. */
    async function withoutWebCodecs<T>(run: () => Promise<T>): Promise<T> {
      const page = window as unknown as Record<'VideoDecoder' | 'VideoEncoder', unknown>;
      const saved = { decoder: page.VideoDecoder, encoder: page.VideoEncoder };
      page.VideoDecoder = page.VideoEncoder = undefined;
      try {
        return await run();
      } finally {
        page.VideoDecoder = saved.decoder;
        page.VideoEncoder = saved.encoder;
      }
    }
  });
  expect(said.text).toBe('notes.txt is not a video this app can open: drop an MP4, WebM or MOV file.');
  expect(said.empty).toBe('empty.mp4 is empty.');
  const prores = 'interview.mov is stored as ProRes, which this browser cannot decode: convert it to H.264 MP4 or VP9 WebM, or try another browser.';
  expect(said.prores).toEqual({ canDecode: false, problem: prores });
  expect(said.proresDecode).toBe(prores);
  expect(said.noWebCodecs).toBe('This browser cannot read or write videos (it has no WebCodecs): open the page in a recent Chrome, Edge, Firefox or Safari.');
});

test('decoding and encoding speed at 256 px, MP4 and WebM (printed for docs/video-io.md)', async ({ page }) => {
  await openVideoPage(page);
  for (const container of ['mp4', 'webm'] as const) {
    const speed = await page.evaluate(([frames, container]) => (window as unknown as TestWindow).videoIo.measureSpeed(256, frames, container), [SPEED_FRAMES, container] as const);
    console.log(`video speed: ${JSON.stringify(speed)}`);
    expect(speed.decoded, `every ${container} frame decodes back`).toBe(SPEED_FRAMES);
  }
});
