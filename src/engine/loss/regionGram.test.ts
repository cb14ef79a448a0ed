// The fused Gram matrices of a layer's regions against the straightforward formula and tfjs's own gradient.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { seededRandom } from '../image/random';
import { TEST_BACKEND } from '../testing/engineFixture';
import { disposeLayerRegions, layerRegions, regionGrams, stockRegionGrams } from './regionGram';

const [HEIGHT, WIDTH] = [7, 9];

/**
 * Soft masks as a map downsampled to a layer gives: a left and a right part that share the middle
 * column (there each has 0.5), a region in a corner with values of all sizes, and one whose few
 * faint positions leave it out of the layer.
 */
function masks(): Float32Array[] {
  const next = seededRandom(7);
  const at = (value: (x: number, y: number) => number) => Float32Array.from({ length: HEIGHT * WIDTH }, (_, i) => value(i % WIDTH, Math.floor(i / WIDTH)));
  return [
    at((x) => (x < 4 ? 1 : x === 4 ? 0.5 : 0)),
    at((x) => (x > 4 ? 1 : x === 4 ? 0.5 : 0)),
    at((x, y) => (x < 3 && y < 3 ? next() : 0)),
    at((x, y) => (x === 0 && y === 0 ? 1e-3 : 0)),
  ];
}

describe("a layer's regions' Gram matrices in one pass", () => {
  beforeAll(async () => {
    await initNodeBackend(TEST_BACKEND);
  });

  // 8 channels take the wasm kernels that copy whole rows; 6 take tfjs's gather and scatter.
  it.each([8, 6])('are the masked formula, and so is their gradient, where regions overlap (%i channels)', async (channels) => {
    const before = tf.memory().numTensors;
    const regions = layerRegions(masks())!;
    expect(regions.members).toEqual([0, 1, 2]);
    const features = tf.tidy(() => tf.relu(tf.randomNormal([1, HEIGHT, WIDTH, channels], 0, 1, 'float32', channels))) as tf.Tensor4D;
    // A loss that weighs every entry of every region's Gram matrix differently.
    const weights = tf.randomNormal([3, channels, channels], 0, 1, 'float32', 1);
    const valueAndGrad = (grams: typeof regionGrams) => tf.valueAndGrad((f: tf.Tensor4D) => tf.sum(tf.mul(grams(f, regions), weights)) as tf.Scalar)(features);
    const fused = valueAndGrad(regionGrams);
    const stock = valueAndGrad(stockRegionGrams);
    const [fusedGrams, stockGrams] = tf.tidy(() => [regionGrams(features, regions), stockRegionGrams(features, regions)]);
    /** max |a − b| / max |b|. */
    const gap = async (a: tf.Tensor, b: tf.Tensor) => {
      const extremes = tf.tidy(() => tf.stack([tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]));
      const [difference, size] = await extremes.data();
      extremes.dispose();
      return difference / size;
    };
    expect(fusedGrams.shape).toEqual([3, channels, channels]);
    expect(await gap(fusedGrams, stockGrams)).toBeLessThan(1e-5);
    expect(await gap(fused.value, stock.value)).toBeLessThan(1e-5);
    expect(await gap(fused.grad, stock.grad)).toBeLessThan(1e-5);
    tf.dispose([features, weights, fused.value, fused.grad, stock.value, stock.grad, fusedGrams, stockGrams]);
    disposeLayerRegions(regions);
    expect(tf.memory().numTensors).toBe(before);
  });
});
