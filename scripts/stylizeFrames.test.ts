import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vgg19 } from '../src/engine';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../src/engine/image/image';
import { encodePng } from '../src/engine/image/png';
import { readImageFile } from '../src/engine/image/readImageFile';
import { withDefaults } from '../src/engine/settings';
import { loadEngine, sharedImage } from '../src/engine/testing/engineFixture';
import { syntheticClip } from '../src/engine/testing/syntheticClip';
import { frameFiles, stylizeFrames, type FramesOptions } from './stylizeFrames';

const settings = withDefaults({ size: 32, scales: 1, iterations: 6 });

describe('npm run stylize on a folder of frames', () => {
  let vgg: Vgg19;
  let painting: RgbaImage;
  const dir = mkdtempSync(join(tmpdir(), 'frames-'));
  const frames = join(dir, 'in');

  beforeAll(async () => {
    vgg = await loadEngine();
    painting = await sharedImage('style/the_scream.jpg');
    const full = imageToTensor(await sharedImage('content/tubingen.jpg'));
    const small = resizeImage(full, { width: 64, height: 48 });
    const clip = syntheticClip(await tensorToImage(small), { width: 32, height: 24 }, 3, { pan: { x: 1, y: 0 }, object: { x: -2, y: 1, side: 8 } });
    tf.dispose([full, small]);
    mkdirSync(frames);
    // Named so that only a numeric sort puts them in order.
    clip.frames.forEach((frame, i) => writeFileSync(join(frames, `f${[9, 10, 11][i]}.png`), encodePng(frame)));
  });

  /** Stylises the frames unbroken and stopped after two then resumed; the two folders must hold the same frames. */
  async function unbrokenAndResumed(name: string, options: FramesOptions) {
    const styles = [{ image: painting, weight: 1 }];
    const unbroken = join(dir, `${name}-unbroken`);
    const report = await stylizeFrames(vgg, frames, unbroken, { styles }, settings, options);
    expect([report.kept, report.written]).toEqual([0, 3]);
    expect(readdirSync(unbroken).sort()).toEqual(['f10.png', 'f11.png', 'f9.png']);
    expect(report.stats.map((s) => s.fresh)).toEqual([true, false, false]);

    const resumed = join(dir, `${name}-resumed`);
    const stopAfterTwo = { onFrame: (index: number) => { if (index === 1) throw new Error('stopped'); } };
    await expect(stylizeFrames(vgg, frames, resumed, { styles }, settings, { ...options, ...stopAfterTwo })).rejects.toThrow('stopped');
    expect(readdirSync(resumed).sort()).toEqual(['f10.png', 'f9.png']);
    const again = await stylizeFrames(vgg, frames, resumed, { styles }, settings, options);
    expect([again.kept, again.written]).toEqual([2, 1]);
    for (const name of frameFiles(frames)) {
      const [a, b] = await Promise.all([readImageFile(join(unbroken, name)), readImageFile(join(resumed, name))]);
      expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
    }
    return { report, again };
  }

  it('writes a frame for each, and a render stopped half way resumes to the same frames as an unbroken one', async () => {
    const { report } = await unbrokenAndResumed('short', {});
    expect(report.stats.map((s) => s.further)).toEqual([undefined, undefined, undefined]);
  });

  it('with the long-term term, holds the third frame to the first too, read back from its files when resumed', async () => {
    const { report, again } = await unbrokenAndResumed('long', { longTerm: true });
    for (const stats of [report.stats[2], again.stats[0]]) {
      expect(stats.further).toHaveLength(1);
      expect(stats.further![0]).toBeGreaterThan(0);
    }
  });
});
