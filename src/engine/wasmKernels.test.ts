import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './nodeRuntime';
import { fastMaxPoolAvailable, pool2x2, pool2x2Gradient } from './pooling';
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
