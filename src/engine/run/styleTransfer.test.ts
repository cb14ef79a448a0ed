import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/image';
import { withDefaults, type StyleSettings } from '../settings';
import { CancelledError, startStyleTransfer, type Progress, type StyleInputs } from '..';
import { loadEngine, sharedImage, TEST_BACKEND } from '../testing/engineFixture';
import type { Vgg19 } from '../network/vgg19';

/**
 * Checks of the run loop's own logic, the same on every backend, that take minutes on lavapipe's
 * software WebGPU (an iteration of 48 px takes over a second there): wasm runs them alone.
 */
const wasmOnly = it.skipIf(TEST_BACKEND !== 'wasm');

describe('a style transfer run', () => {
  let vgg: Vgg19;
  let photo: RgbaImage;
  let painting: RgbaImage;
  let inputs: StyleInputs;
  beforeAll(async () => {
    vgg = await loadEngine();
    [photo, painting] = await Promise.all([sharedImage('content/winter-wolf.jpg'), sharedImage('style/the_scream.jpg')]);
    inputs = { content: photo, styles: [{ image: painting, weight: 1 }] };
  });
  afterAll(() => vgg.dispose());

  const small = (settings: Partial<StyleSettings> = {}) => withDefaults({ size: 48, scales: 1, iterations: 5, ...settings });

  async function runToEnd(settings: StyleSettings) {
    const progress: Progress[] = [];
    const run = startStyleTransfer(vgg, inputs, settings, { onIteration: (p) => void progress.push(p) });
    return { image: await run.result, progress };
  }

  it('leaves no tensor behind after 1 or 20 iterations, nor after a cancelled run', async () => {
    // The network makes its Winograd filters on first use and keeps them: a first run makes them.
    await runToEnd(small({ iterations: 1 }));
    const before = tf.memory().numTensors;
    await runToEnd(small({ iterations: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    const { progress } = await runToEnd(small({ iterations: 20 }));
    expect(tf.memory().numTensors).toBe(before);
    // A real run: L-BFGS takes the loss well down from the photo in 20 iterations.
    expect(progress.at(-1)!.losses.total).toBeLessThan(progress[0].losses.total * 0.7);
    const run = startStyleTransfer(vgg, inputs, small({ iterations: 50 }), {
      onIteration: (p) => {
        if (p.iteration === 3) run.cancel();
      },
    });
    await expect(run.result).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });

  wasmOnly('goes through the scales from small to the output size and reports every iteration', async () => {
    const { image, progress } = await runToEnd(small({ size: 256, scales: 2, iterations: 3, coarseIterations: 2 }));
    // winter-wolf.jpg is 1920x1080: the output keeps its aspect ratio at the requested long side.
    expect([image.width, image.height]).toEqual([256, 144]);
    // The smaller scale runs its own, smaller number of iterations.
    expect(progress.map((p) => [p.scaleIndex, p.width, p.height, p.iteration, p.iterationsPerScale])).toEqual([
      [0, 128, 72, 1, 2], [0, 128, 72, 2, 2], [1, 256, 144, 1, 3], [1, 256, 144, 2, 3], [1, 256, 144, 3, 3],
    ]);
    expect(progress.map((p) => p.totalIteration)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.totalIterations === 5 && p.iterationsPerSecond > 0)).toBe(true);
    expect(progress.at(-1)!.secondsLeft).toBe(0);
    // The picture moves away from the photo towards the painting at each scale.
    expect(progress[1].losses.style).toBeLessThan(progress[0].losses.style);
    expect(progress[4].losses.style).toBeLessThan(progress[2].losses.style);
  });

  wasmOnly('takes new weights mid-run without restarting, and the picture follows them', async () => {
    // Same start, same first 4 iterations; then one run turns the style weight up 30-fold.
    const settings = small({ iterations: 12, weights: { content: 1, style: 1, tv: 0 } });
    const steady = await runToEnd(settings);
    const steered: Progress[] = [];
    const run = startStyleTransfer(vgg, inputs, settings, {
      onIteration: (p) => {
        steered.push(p);
        if (p.iteration === 4) run.setWeights({ style: 30 });
      },
    });
    await run.result;
    expect(steered.map((p) => p.iteration)).toEqual(steady.progress.map((p) => p.iteration));
    expect(steered[3].losses.style).toBeCloseTo(steady.progress[3].losses.style, 5);
    expect(steered.at(-1)!.losses.style).toBeLessThan(steady.progress.at(-1)!.losses.style * 0.8);
    expect(steered.at(-1)!.losses.content).toBeGreaterThan(steady.progress.at(-1)!.losses.content);
  });

  it('pauses, resumes and stops early with the image as it is', async () => {
    const seen: number[] = [];
    let paused!: () => void;
    const pausedAtTwo = new Promise<void>((resolve) => (paused = resolve));
    const run = startStyleTransfer(vgg, inputs, small({ iterations: 40 }), {
      onIteration: (p) => {
        seen.push(p.iteration);
        if (p.iteration === 2) {
          run.pause();
          paused();
        }
        if (p.iteration === 5) run.stop();
      },
    });
    await pausedAtTwo;
    // Time for several more iterations, had the pause not held.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen).toEqual([1, 2]);
    run.resume();
    const image = await run.result;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect([image.width, image.height]).toEqual([48, 27]);
  });

  wasmOnly('repeats a run exactly from the same seed', async () => {
    const settings = small({ init: 'noise', seed: 7, iterations: 3 });
    const [a, b] = [await runToEnd(settings), await runToEnd(settings)];
    const c = await runToEnd({ ...settings, seed: 8 });
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
  });
});
