import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { gramMatrix } from '../loss/gramMatrix';
import { fastMaxPoolAvailable, pool2x2, pool2x2Gradient } from './pooling';
import { totalVariation, totalVariationLoss } from '../loss/totalVariation';
import { transposeMatrix } from './transpose';

describe("the engine's own wasm kernels", () => {
  beforeAll(async () => {
    await initNodeBackend();
  });

  it('transpose matrices whose row count is and is not a multiple of 4', () => {
    for (const rows of [12, 7, 1]) {
      const x = tf.randomNormal([rows, 8], 0, 1, 'float32', rows) as tf.Tensor2D;
      const got = transposeMatrix(x);
      const want = tf.transpose(x);
      expect(got.shape).toEqual([8, rows]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      tf.dispose([x, got, want]);
    }
  });

  it('make Gram matrices, symmetric, over row counts that do and do not fill its row chunks', () => {
    for (const [h, w, c] of [[5, 13, 16], [16, 8, 8], [1, 1, 64], [3, 2, 256]]) {
      const features = tf.randomNormal([1, h, w, c], 0, 1, 'float32', c + h) as tf.Tensor4D;
      const f = features.reshape([h * w, c]);
      const got = gramMatrix(features);
      const want = tf.div(tf.matMul(f, f, true, false), h * w * c);
      expect(got.shape).toEqual([c, c]);
      expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBeLessThan(1e-6);
      tf.dispose([features, f, got, want]);
    }
  });

  it('give the total variation and its gradient as the tfjs ops do', () => {
    for (const [h, w] of [[5, 7], [2, 9]]) {
      const image = tf.randomUniform([1, h, w, 3], 0, 255, 'float32', h * w) as tf.Tensor4D;
      const got = totalVariation(image);
      const want = tf.valueAndGrad((x: tf.Tensor4D) => totalVariationLoss(x))(image);
      expect(got.loss.dataSync()[0]).toBeCloseTo(want.value.dataSync()[0], 6);
      expect(tf.max(tf.abs(tf.sub(got.grad, want.grad))).dataSync()[0]).toBeLessThan(1e-7);
      expect(tf.max(tf.abs(want.grad)).dataSync()[0]).toBeGreaterThan(1e-4);
      tf.dispose([image, got.loss, got.grad, want.value, want.grad]);
    }
  });

  it('give the 2x2 max pool its gradient, odd sizes included', () => {
    expect(fastMaxPoolAvailable()).toBe(true);
    const channels = 8;
    for (const [height, width] of [[8, 6], [7, 9]]) {
      const x = tf.randomNormal([1, height, width, channels], 0, 1, 'float32', height) as tf.Tensor4D;
      const dy = tf.randomNormal([1, height >> 1, width >> 1, channels], 0, 1, 'float32', width) as tf.Tensor4D;
      const y = pool2x2(x, 'max');
      const got = pool2x2Gradient(dy, x, y, 'max');
      // Each window's gradient goes to its largest input. (tfjs-wasm's own MaxPoolGrad gets
      // windows of negative values wrong; tfjs's cpu backend agrees with this.)
      const xs = x.dataSync();
      const dys = dy.dataSync();
      const want = new Float32Array(xs.length);
      const at = (row: number, col: number, c: number) => (row * width + col) * channels + c;
      for (let i = 0; i < height >> 1; i++)
        for (let j = 0; j < width >> 1; j++)
          for (let c = 0; c < channels; c++) {
            const window = [at(2 * i, 2 * j, c), at(2 * i, 2 * j + 1, c), at(2 * i + 1, 2 * j, c), at(2 * i + 1, 2 * j + 1, c)];
            const largest = window.reduce((a, b) => (xs[b] > xs[a] ? b : a));
            want[largest] = dys[((i * (width >> 1)) + j) * channels + c];
          }
      expect(Array.from(got.dataSync())).toEqual(Array.from(want));
      tf.dispose([x, dy, y, got]);
    }
  });
});
