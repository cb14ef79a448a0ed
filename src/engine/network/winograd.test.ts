import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { winogradAvailable, winogradConv2d, winogradConv2dBackpropInput, winogradFilter } from './winograd';

/** max |a − b| / max |b|. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))).dataSync()[0]);
}

describe('Winograd F(4x4, 3x3) convolution on wasm', () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  // Sizes that are and are not multiples of the 4-pixel tile, down to a single pixel, and groups
  // of four tiles that are and are not full.
  for (const [height, width, inChannels, outChannels] of [
    [16, 16, 8, 8],
    [13, 10, 4, 12],
    [1, 3, 4, 8],
    [6, 9, 64, 32],
    // Wide enough that the gradient runs transposed (no Uᵀ kept).
    [7, 10, 256, 132],
  ]) {
    it(`equals tf.conv2d and its input gradient for ${height}x${width}, ${inChannels} -> ${outChannels} channels`, () => {
      expect(winogradAvailable()).toBe(true);
      const x = tf.randomNormal([1, height, width, inChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
      const kernel = tf.randomNormal([3, 3, inChannels, outChannels], 0, 0.3, 'float32', 2) as tf.Tensor4D;
      const bias = tf.randomNormal([outChannels], 0, 1, 'float32', 3) as tf.Tensor1D;
      const dy = tf.randomNormal([1, height, width, outChannels], 0, 1, 'float32', 4) as tf.Tensor4D;
      const filter = winogradFilter(kernel);
      const before = tf.memory().numTensors;

      const want = tf.tidy(() => tf.relu(tf.add(tf.conv2d(x, kernel, 1, 'same'), bias)));
      const got = winogradConv2d(x, filter, bias, true);
      expect(got.shape).toEqual(want.shape);
      expect(relativeError(got, want)).toBeLessThan(1e-5);

      const wantGrad = tf.tidy(() =>
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, kernel, 1, 'same'), dy)))(x),
      );
      const gotGrad = winogradConv2dBackpropInput(dy, filter);
      expect(gotGrad.shape).toEqual(x.shape);
      expect(relativeError(gotGrad, wantGrad)).toBeLessThan(1e-5);

      // Through the ReLU: the gradient passes only where the layer's output is positive.
      const wantMasked = tf.tidy(() =>
        tf.grad((input: tf.Tensor) =>
          tf.sum(tf.mul(tf.relu(tf.add(tf.conv2d(input as tf.Tensor4D, kernel, 1, 'same'), bias)), dy)),
        )(x),
      );
      const gotMasked = winogradConv2dBackpropInput(dy, filter, got);
      expect(relativeError(gotMasked, wantMasked)).toBeLessThan(1e-5);
      expect(relativeError(gotMasked, wantGrad)).toBeGreaterThan(0.1);

      tf.dispose([want, got, wantGrad, gotGrad, wantMasked, gotMasked]);
      expect(tf.memory().numTensors).toBe(before);
      filter.dispose();
      tf.dispose([x, kernel, bias, dy]);
    });
  }
});
