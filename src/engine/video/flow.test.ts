import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import { sharedImage, TEST_BACKEND } from '../testing/engineFixture';
import { syntheticClip } from '../testing/syntheticClip';
import { consistencyWeights } from './consistency';
import { opticalFlow } from './flow';
import { warp } from './warp';

/** A smooth textured picture [1, h, w, 3] on 0..255, with gradients everywhere. */
function waves(height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ys = tf.reshape(tf.range(0, height), [1, height, 1, 1]);
    const xs = tf.reshape(tf.range(0, width), [1, 1, width, 1]);
    const value = tf.add(tf.add(tf.sin(tf.mul(xs, 0.3)), tf.cos(tf.mul(ys, 0.23))), tf.sin(tf.mul(tf.add(xs, ys), 0.11)));
    return tf.tile(tf.add(tf.mul(value, 40), 128), [1, 1, 1, 3]) as tf.Tensor4D;
  });
}

const constantFlow = (height: number, width: number, u: number, v: number) => tf.tidy(() => tf.mul(tf.ones([1, height, width, 2]), tf.tensor1d([u, v])) as tf.Tensor4D);

describe('optical flow, warp and consistency', () => {
  let photo: RgbaImage;
  beforeAll(async () => {
    await initNodeBackend(TEST_BACKEND);
    const full = imageToTensor(await sharedImage('content/tubingen.jpg'));
    const small = resizeImage(full, { width: 128, height: 96 });
    photo = await tensorToImage(small);
    tf.dispose([full, small]);
  });

  it('a zero flow warps a picture onto itself', async () => {
    const before = tf.memory().numTensors;
    const image = waves(20, 24);
    const flow = tf.zeros([1, 20, 24, 2]) as tf.Tensor4D;
    const warped = warp(image, flow);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(warped, image))));
    expect((await difference.data())[0]).toBe(0);
    tf.dispose([image, flow, warped, difference]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('finds a known shift of a textured picture, to a tenth of a pixel', async () => {
    const before = tf.memory().numTensors;
    const image = waves(48, 64);
    const shift = constantFlow(48, 64, 3, 1);
    const shifted = warp(image, shift);
    const flow = opticalFlow(shifted, image);
    // Away from the border, where the shifted picture repeats its edge.
    const inner = tf.slice(flow, [0, 6, 6, 0], [1, 36, 52, 2]);
    const meanFlow = tf.mean(inner, [0, 1, 2]);
    const mean = await meanFlow.data();
    expect(mean[0]).toBeCloseTo(3, 1);
    expect(mean[1]).toBeCloseTo(1, 1);
    tf.dispose([image, shift, shifted, flow, inner, meanFlow]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trusts nothing on the strip a pan uncovers, nor at the edges of a moving square, and most of the rest', async () => {
    const before = tf.memory().numTensors;
    const size = { width: 64, height: 48 };
    const clip = syntheticClip(photo, size, 2, { pan: { x: 3, y: 0 }, object: { x: -6, y: 0, side: 20 } });
    const [now, previous] = [imageToTensor(clip.frames[1]), imageToTensor(clip.frames[0])];
    const [backward, forward] = [opticalFlow(now, previous), opticalFlow(previous, now)];
    const weightsTensor = consistencyWeights(backward, forward, now, previous);
    const weights = (await weightsTensor.data()) as Float32Array;
    const at = (x: number, y: number) => y * size.width + x;
    // The pan's strip: the last two columns came from outside the frame before.
    for (let y = 0; y < size.height; y++) expect([weights[at(size.width - 2, y)], weights[at(size.width - 1, y)]]).toEqual([0, 0]);
    // The square is where the true flow is its motion back (6 px to the right).
    const flow = clip.backwardFlows[0];
    const square = [...weights.keys()].filter((p) => flow[2 * p] === 6);
    const columns = square.map((p) => p % size.width);
    const rows = square.map((p) => Math.floor(p / size.width));
    const near = (p: number, margin: number) => {
      const [x, y] = [p % size.width, Math.floor(p / size.width)];
      return x >= Math.min(...columns) - margin && x <= Math.max(...columns) + margin && y >= Math.min(...rows) - margin && y <= Math.max(...rows) + margin;
    };
    const edges = [...weights.keys()].filter((p) => near(p, 3) && !near(p, -3));
    expect(edges.filter((p) => weights[p] === 0).length).toBeGreaterThan(20);
    const far = [...weights.keys()].filter((p) => !near(p, 8) && p % size.width < size.width - 4);
    expect(far.filter((p) => weights[p] === 1).length / far.length).toBeGreaterThan(0.9);
    tf.dispose([now, previous, backward, forward, weightsTensor]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
