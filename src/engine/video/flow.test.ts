import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { imageToTensor, resizeImage, tensorToImage, type RgbaImage } from '../image/image';
import { sharedImage, TEST_BACKEND } from '../testing/engineFixture';
import { syntheticClip, type ClipMotion } from '../testing/syntheticClip';
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
  // The photo the clips are cut from, at twice a frame's side and more.
  let photo: RgbaImage;
  let largePhoto: RgbaImage;
  beforeAll(async () => {
    await initNodeBackend(TEST_BACKEND);
    const full = imageToTensor(await sharedImage('content/tubingen.jpg'));
    const [small, large] = [resizeImage(full, { width: 128, height: 96 }), resizeImage(full, { width: 256, height: 192 })];
    [photo, largePhoto] = [await tensorToImage(small), await tensorToImage(large)];
    tf.dispose([full, small, large]);
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

  // The background a moving square uncovers behind it has no match in the frame before; the flow
  // there took the square's motion, so going back and forth agreed and it was trusted (6 of 56
  // and 34 of 61 were not; of the last, 27 of 60 before the flow's smoothness let go at the
  // picture's edges). At 128×96 the flow spreads a wrong motion further over a flat patch, so the check's failures
  // reach further where the motion jumps (with a reach of 1 px, 231 of 252 and 187 of 198 caught).
  const small = { width: 64, height: 48 };
  const uncovering: { size: { width: number; height: number }; motion: ClipMotion }[] = [
    { size: small, motion: { pan: { x: 3, y: 1 }, object: { x: -4, y: 3, side: 12 } } },
    { size: small, motion: { pan: { x: -2, y: 1 }, object: { x: 5, y: -2, side: 16 } } },
    { size: small, motion: { pan: { x: 3, y: 0 }, object: { x: -6, y: 0, side: 20 } } },
    { size: { width: 128, height: 96 }, motion: { pan: { x: 3, y: 0 }, object: { x: -10, y: 0, side: 36 } } },
    { size: { width: 128, height: 96 }, motion: { pan: { x: -2, y: 1 }, object: { x: 6, y: -4, side: 30 } } },
  ];
  it.each(uncovering)('at $size.width×$size.height, trusts nothing on the background that a square of $motion.object.side moving $motion.object.x, $motion.object.y uncovers, and most far from it', async ({ size, motion }) => {
    const before = tf.memory().numTensors;
    const clip = syntheticClip(size === small ? photo : largePhoto, size, 2, motion);
    const [now, previous] = [imageToTensor(clip.frames[1]), imageToTensor(clip.frames[0])];
    const [backward, forward] = [opticalFlow(now, previous), opticalFlow(previous, now)];
    const weightsTensor = consistencyWeights(backward, forward, now, previous);
    const weights = (await weightsTensor.data()) as Float32Array;
    tf.dispose([now, previous, backward, forward, weightsTensor]);
    expect(tf.memory().numTensors).toBe(before);
    const [flow, seen] = [clip.backwardFlows[0], clip.visible[0]];
    const pixels = [...weights.keys()];
    const xy = (p: number) => [p % size.width, Math.floor(p / size.width)];
    // Hidden in the frame before though it came from inside it: behind the square, not the pan's strip.
    const uncovered = pixels.filter((p) => {
      const [x, y] = xy(p);
      const [bx, by] = [x + flow[2 * p], y + flow[2 * p + 1]];
      return !seen[p] && bx >= 0 && bx <= size.width - 1 && by >= 0 && by <= size.height - 1;
    });
    expect(uncovered.length).toBeGreaterThan(40);
    expect(uncovered.filter((p) => weights[p] === 0).length / uncovered.length).toBeGreaterThanOrEqual(0.97);
    // Far: 8 pixels clear of where the square is now and was, and seen before.
    const square = pixels.filter((p) => flow[2 * p] === -motion.object.x && flow[2 * p + 1] === -motion.object.y).map(xy);
    const [xs, ys] = [square.map(([x]) => x), square.map(([, y]) => y)];
    const reach = 8 + Math.max(Math.abs(motion.object.x), Math.abs(motion.object.y));
    const far = pixels.filter((p) => {
      const [x, y] = xy(p);
      const nearSquare = x >= Math.min(...xs) - reach && x <= Math.max(...xs) + reach && y >= Math.min(...ys) - reach && y <= Math.max(...ys) + reach;
      return seen[p] && !nearSquare;
    });
    expect(far.length).toBeGreaterThan(500);
    expect(far.filter((p) => weights[p] === 1).length / far.length).toBeGreaterThan(0.9);
  });
});
