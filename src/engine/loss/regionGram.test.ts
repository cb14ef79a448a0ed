// The fused loss of a layer's regions' Gram matrices against the straightforward formula and tfjs's own gradient.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { seededRandom } from '../image/random';
import { TEST_BACKEND } from '../testing/engineFixture';
import { disposeLayerRegions, layerRegions, regionGramLoss, stockRegionGramLoss } from './regionGram';

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

describe("the loss of a layer's regions' Gram matrices in one pass", () => {
  beforeAll(async () => {
    await initNodeBackend(TEST_BACKEND);
  });

  // 8 channels take the wasm kernels that copy whole rows; 6 take tfjs's gather and scatter.
  it.each([8, 6])('is the masked formula, and so is its gradient, where regions overlap (%i channels)', async (channels) => {
    const before = tf.memory().numTensors;
    const regions = layerRegions(masks())!;
    expect(regions.members).toEqual([0, 1, 2]);
    const features = tf.tidy(() => tf.relu(tf.randomNormal([1, HEIGHT, WIDTH, channels], 0, 1, 'float32', channels))) as tf.Tensor4D;
    // Targets that are not even symmetric, and a weight for each region.
    const targets = tf.tidy(() => ({ values: tf.randomUniform([3, channels, channels], 0, 0.5, 'float32', 1) as tf.Tensor3D, weights: tf.tensor1d([0.5, 2, 1]) }));
    const valueAndGrad = (loss: typeof regionGramLoss) => tf.valueAndGrad((f: tf.Tensor4D) => loss(f, regions, targets))(features);
    const fused = valueAndGrad(regionGramLoss);
    const stock = valueAndGrad(stockRegionGramLoss);
    /** max |a − b| / max |b|. */
    const gap = async (a: tf.Tensor, b: tf.Tensor) => {
      const extremes = tf.tidy(() => tf.stack([tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]));
      const [difference, size] = await extremes.data();
      extremes.dispose();
      return difference / size;
    };
    expect(await gap(fused.value, stock.value)).toBeLessThan(1e-5);
    expect(await gap(fused.grad, stock.grad)).toBeLessThan(1e-5);
    tf.dispose([features, targets.values, targets.weights, fused.value, fused.grad, stock.value, stock.grad]);
    disposeLayerRegions(regions);
    expect(tf.memory().numTensors).toBe(before);
  });
});
