import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gramMatrix, stockGramMatrix } from '../loss/gramMatrix';
import { loadEngine } from '../testing/engineFixture';
import type { Vgg19 } from './vgg19';
import { LAYER_NAMES } from './vgg19Architecture';

/** ‖a − b‖ / ‖b‖. */
async function relativeDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const r = tf.tidy(() => tf.div(tf.norm(tf.sub(a, b)), tf.norm(b)));
  const [value] = await r.data();
  r.dispose();
  return value;
}

describe("the network's own gradients equal tfjs's stock ones", () => {
  let vgg: Vgg19;
  beforeAll(async () => {
    vgg = await loadEngine();
  });
  afterAll(() => vgg.dispose());

  it('for the Gram matrix', async () => {
    const features = tf.randomUniform([1, 12, 10, 16], 0, 5, 'float32', 1) as tf.Tensor4D;
    // A loss whose upstream gradient dG is not symmetric, to exercise both terms of F(dG + dGᵀ).
    const weights = tf.randomNormal([16, 16], 0, 1, 'float32', 2);
    const loss = (gram: (f: tf.Tensor4D) => tf.Tensor2D) => (f: tf.Tensor) => tf.sum(tf.mul(gram(f as tf.Tensor4D), weights));
    const fast = tf.grad(loss(gramMatrix))(features);
    const stock = tf.grad(loss(stockGramMatrix))(features);
    expect(await relativeDifference(gramMatrix(features), stockGramMatrix(features))).toBeLessThan(1e-5);
    expect(await relativeDifference(fast, stock)).toBeLessThan(1e-4);
    tf.dispose([features, weights, fast, stock]);
  });

  for (const pooling of ['max', 'avg'] as const) {
    it(`for VGG19 up to relu5_1 with ${pooling} pooling, through every convolution`, async () => {
      const image = tf.randomUniform([1, 40, 36, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
      const layers = LAYER_NAMES.filter((l) => l.endsWith('_1'));
      const loss = (features: tf.Tensor[]) => tf.addN(features.map((f) => tf.mean(tf.square(f))));
      const stock = tf.grad((x: tf.Tensor) => loss([...vgg.features(x as tf.Tensor4D, layers, pooling, 'stock').values()]))(image);
      const ownGradient = () =>
        tf.tidy(() => {
          const pass = vgg.forward(image, layers, pooling);
          const names = [...pass.features.keys()];
          const grads = tf.grads((...features: tf.Tensor[]) => loss(features))(names.map((n) => pass.features.get(n)!));
          return pass.backward(new Map(names.map((n, i) => [n, grads[i] as tf.Tensor4D])));
        });
      ownGradient().dispose(); // makes the Winograd filters, which stay
      const before = tf.memory().numTensors;
      const fast = ownGradient();
      expect(await relativeDifference(fast, stock)).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([image, fast, stock]);
    });
  }
});
