import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import type { Vgg19 } from '../network/vgg19';
import { withDefaults } from '../settings';
import { loadEngine, sharedImage } from '../testing/engineFixture';
import { syntheticClip, type SyntheticClip } from '../testing/syntheticClip';
import { temporalError } from './temporalError';
import { framesHeldTo } from './framesHeldTo';
import { startVideoFrame, type FrameStats, type PreviousFrame } from './videoFrame';

// Seeded noise, as Ruder et al. start: frames stylised alone then differ the most.
const settings = withDefaults({ size: 48, scales: 1, iterations: 12, init: 'noise', seed: 3 });

/** `image` at the size of `like`. */
async function fitted(image: RgbaImage, like: RgbaImage): Promise<RgbaImage> {
  const tensor = tf.tidy(() => resizeImage(imageToTensor(image), like));
  const fit = await tensorToImage(tensor);
  tensor.dispose();
  return fit;
}

describe('a clip stylised frame by frame', () => {
  let vgg: Vgg19;
  let clip: SyntheticClip;
  let painting: RgbaImage;
  beforeAll(async () => {
    vgg = await loadEngine();
    const full = imageToTensor(await sharedImage('content/tubingen.jpg'));
    const small = resizeImage(full, { width: 96, height: 72 });
    clip = syntheticClip(await tensorToImage(small), { width: 48, height: 36 }, 3);
    tf.dispose([full, small]);
    painting = await sharedImage('style/the_scream.jpg');
  });

  /** The clip's results, each frame from the one before (or each alone). */
  async function stylise(alone: boolean): Promise<{ results: RgbaImage[]; stats: FrameStats[]; tensors: number[] }> {
    const results: RgbaImage[] = [];
    const stats: FrameStats[] = [];
    const tensors: number[] = [];
    for (const [t, frame] of clip.frames.entries()) {
      const previous: PreviousFrame | undefined = t > 0 && !alone ? { frame: clip.frames[t - 1], result: results[t - 1] } : undefined;
      const done = await startVideoFrame(vgg, { content: frame, styles: [{ image: painting, weight: 1 }] }, previous, settings).result;
      results.push(done.image);
      stats.push(done.stats);
      tensors.push(tf.memory().numTensors);
    }
    return { results, stats, tensors };
  }

  const meanTemporalError = async (results: RgbaImage[]) => {
    const errors = await Promise.all(results.slice(1).map((result, i) => temporalError(result, results[i], clip.backwardFlows[i], clip.visible[i])));
    return errors.reduce((a, b) => a + b, 0) / errors.length;
  };

  it('flickers less than half as much as the frames stylised alone, and leaves no tensor', async () => {
    const video = await stylise(false);
    const alone = await stylise(true);
    // The first run of a size fills the network's caches; nothing is left after that.
    expect(new Set(video.tensors.slice(1)).size).toBe(1);
    const [withMotion, eachAlone] = [await meanTemporalError(video.results), await meanTemporalError(alone.results)];
    expect(video.stats.map((s) => s.fresh)).toEqual([true, false, false]);
    expect(video.stats[1].trusted).toBeGreaterThan(0.6);
    expect(withMotion).toBeLessThan(eachAlone / 2);
  });

  it("with the long-term term, holds frames to t−2 and t−4 where the clip has them, where the frame before does not show them, and leaves no tensor", async () => {
    const long = syntheticClip(clip.frames[0], { width: 32, height: 24 }, 5, { pan: { x: 1, y: 0 }, object: { x: -2, y: 2, side: 8 } });
    const results: RgbaImage[] = [];
    const stats: FrameStats[] = [];
    const tensors: number[] = [];
    for (const [t, frame] of long.frames.entries()) {
      const [previous, ...further] = framesHeldTo(t, true).map((i) => ({ frame: long.frames[i], result: results[i] }));
      const done = await startVideoFrame(vgg, { content: frame, styles: [{ image: painting, weight: 1 }] }, previous && { ...previous, further }, { ...settings, iterations: 6 }).result;
      results.push(done.image);
      stats.push(done.stats);
      tensors.push(tf.memory().numTensors);
    }
    expect(new Set(tensors.slice(1)).size).toBe(1);
    expect(stats.map((s) => s.fresh)).toEqual([true, false, false, false, false]);
    expect(stats.map((s) => s.further?.length)).toEqual([undefined, 0, 1, 1, 2]);
    for (const { trusted, further } of stats.slice(2)) {
      // The square uncovers background the frame before hid and frames further back showed.
      for (const share of further!) expect(share).toBeGreaterThan(0);
      // No pixel is held twice: each to the nearest frame that shows it.
      expect(trusted + further!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    }
  });

  it('a frame further back from another shot holds no pixel', async () => {
    const otherShot = await fitted(painting, clip.frames[0]);
    const previous = { frame: clip.frames[1], result: clip.frames[1], further: [{ frame: otherShot, result: otherShot }] };
    const { stats } = await startVideoFrame(vgg, { content: clip.frames[2], styles: [{ image: painting, weight: 1 }] }, previous, { ...settings, iterations: 2 }).result;
    expect(stats.fresh).toBe(false);
    expect(stats.further).toEqual([0]);
  });

  it('a frame whose picture has nothing in common with the one before starts afresh (a shot cut)', async () => {
    const flipped = { ...clip.frames[1], data: clip.frames[1].data.map((v, i) => (i % 4 === 3 ? v : 255 - v)) };
    const previous = { frame: clip.frames[0], result: clip.frames[0] };
    const { stats } = await startVideoFrame(vgg, { content: flipped, styles: [{ image: painting, weight: 1 }] }, previous, { ...settings, iterations: 2 }).result;
    expect(stats.fresh).toBe(true);
    expect(stats.trusted).toBeLessThan(0.5);
  });
});
