import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gramMatrix } from '../loss/gramMatrix';
import { loadEngine, SHARED_DIR } from '../testing/engineFixture';
import type { Vgg19 } from './vgg19';
import type { LayerName, Pooling } from './vgg19Architecture';

interface GoldenLayer {
  shape: [number, number, number];
  mean: number;
  std: number;
  max: number;
  probes: [number, number, number, number][];
  gram: { sum: number; trace: number; g00: number; g01: number; glast: number };
}
const golden = JSON.parse(readFileSync(resolve(SHARED_DIR, 'golden/vgg19-features.json'), 'utf8')) as {
  input: { height: number; width: number };
  layers: Record<Pooling, Record<LayerName, GoldenLayer>>;
};

/** The golden input: x[y][x][c] = 127.5 + 127.5 sin(0.37y + 0.23x(1 + 0.5c) + 1.7c). */
function goldenInput(): tf.Tensor4D {
  const { height, width } = golden.input;
  const values = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        values[(y * width + x) * 3 + c] = 127.5 + 127.5 * Math.sin(0.37 * y + 0.23 * x * (1 + 0.5 * c) + 1.7 * c);
  return tf.tensor4d(values, [1, height, width, 3]);
}

/** Agreement to `rel` relative, with an absolute floor for values near zero. */
function expectClose(actual: number, expected: number, rel: number, what: string) {
  const tolerance = rel * Math.max(Math.abs(expected), 1);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('VGG19 on the shared weights', () => {
  let vgg: Vgg19;
  beforeAll(async () => {
    vgg = await loadEngine();
  });
  afterAll(() => vgg.dispose());

  for (const pooling of ['max', 'avg'] as const) {
    it(`reproduces the golden activations and Gram matrices with ${pooling} pooling`, async () => {
      const expected = golden.layers[pooling];
      const layers = Object.keys(expected) as LayerName[];
      const input = goldenInput();
      const features = vgg.features(input, layers, pooling);
      for (const layer of layers) {
        const want = expected[layer];
        const f = features.get(layer)!;
        expect(f.shape.slice(1)).toEqual(want.shape);
        const values = (await f.data()) as Float32Array;
        const n = values.length;
        const mean = values.reduce((a, b) => a + b, 0) / n;
        const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
        expectClose(mean, want.mean, 1e-3, `${pooling} ${layer} mean`);
        expectClose(std, want.std, 1e-3, `${pooling} ${layer} std`);
        expectClose(values.reduce((a, b) => Math.max(a, b), -Infinity), want.max, 1e-3, `${pooling} ${layer} max`);
        const [, w, c] = want.shape;
        for (const [row, col, channel, value] of want.probes) {
          const got = values[(row * w + col) * c + channel];
          // 1e-2 absolute is the stated tolerance for float32 implementations of the probes;
          // large activations add float32 rounding of a few 1e-3 relative on top.
          expect(Math.abs(got - value), `${pooling} ${layer} probe ${row},${col},${channel}`).toBeLessThanOrEqual(
            1e-2 + 1e-5 * Math.abs(value),
          );
        }
        const gram = gramMatrix(f);
        const g = (await gram.data()) as Float32Array;
        const trace = Array.from({ length: c }, (_, i) => g[i * c + i]).reduce((a, b) => a + b, 0);
        expectClose(g.reduce((a, b) => a + b, 0), want.gram.sum, 1e-3, `${pooling} ${layer} gram sum`);
        expectClose(trace, want.gram.trace, 1e-3, `${pooling} ${layer} gram trace`);
        expectClose(g[0], want.gram.g00, 1e-3, `${pooling} ${layer} g00`);
        expectClose(g[1], want.gram.g01, 1e-3, `${pooling} ${layer} g01`);
        expectClose(g[c * c - 1], want.gram.glast, 1e-3, `${pooling} ${layer} glast`);
        gram.dispose();
      }
      tf.dispose([input, ...features.values()]);
    });
  }
});
