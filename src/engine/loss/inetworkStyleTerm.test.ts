// INetwork's style term against its formula written out by hand, on real VGG19 and tiny real pictures.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vgg19 } from '../network/vgg19';
import { LAYER_NAMES, type LayerName } from '../network/vgg19Architecture';
import { loadEngine, testPictures } from '../testing/engineFixture';
import { chainLayerWeights, INETWORK_LAYER_WEIGHTS, INETWORK_SHIFT, InetworkStyleTerm } from './inetworkStyleTerm';
import { RegionStyleTargets } from './regionStyleTargets';
import { RegionStyleTerm } from './regionStyleTerm';
import { StyleTargets } from './styleTargets';
import { StyleTerm } from './styleTerm';

/** INetwork's chain as its code writes it, Σᵢ 2^(i − (n − 2)) · (Lᵢ − Lᵢ₊₁), with the closing link to a loss of 0. */
function literalChain(losses: number[]): number {
  const n = losses.length;
  const next = [...losses.slice(1), 0];
  return losses.reduce((sum, loss, i) => sum + 2 ** (i - (n - 2)) * (loss - next[i]), 0);
}

describe("INetwork's chain of layer losses", () => {
  it('telescopes to weights that double with depth, all above 0, summing to the closing link (2)', () => {
    const weights = LAYER_NAMES.map((layer) => chainLayerWeights(LAYER_NAMES)[layer]!);
    expect(weights).toEqual([2 ** -14, 2 ** -14, 2 ** -13, 2 ** -12, 2 ** -11, 2 ** -10, 2 ** -9, 2 ** -8, 2 ** -7, 2 ** -6, 2 ** -5, 2 ** -4, 2 ** -3, 2 ** -2, 2 ** -1, 1]);
    const losses = LAYER_NAMES.map((_, k) => 1 + Math.sin(k * 1.7));
    expect(weights.reduce((sum, w, k) => sum + w * losses[k], 0)).toBeCloseTo(literalChain(losses), 12);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe("INetwork's style term", () => {
  let vgg: Vgg19;
  let photo: tf.Tensor4D;
  let painting: tf.Tensor4D;
  beforeAll(async () => {
    vgg = await loadEngine();
    ({ photo, painting } = await testPictures({ width: 40, height: 24 }, { width: 32, height: 40 }));
    // The network makes its Winograd filters on first use and keeps them.
    tf.dispose([...vgg.features(photo, LAYER_NAMES, 'max').values()]);
  });
  afterAll(() => {
    tf.dispose([photo, painting]);
    vgg.dispose();
  });

  /** Each layer's ‖G(F + shift) − G(P + shift)‖² / ‖G(P + shift)‖², the Gram matrices by hand. */
  function layerLosses(shift: number): number[] {
    const gram = (f: tf.Tensor4D) => {
      const [, h, w, c] = f.shape;
      const rows = tf.reshape(tf.add(f, shift), [h * w, c]);
      return tf.div(tf.matMul(rows, rows, true, false), c * h * w);
    };
    return tf.tidy(() => {
      const image = vgg.features(photo, LAYER_NAMES, 'max');
      const style = vgg.features(painting, LAYER_NAMES, 'max');
      return LAYER_NAMES.map((layer) => {
        const target = gram(style.get(layer)!);
        return tf.div(tf.sum(tf.squaredDifference(gram(image.get(layer)!), target)), tf.sum(tf.square(target))).dataSync()[0];
      });
    });
  }

  /** The term's value on the photo's activations at every layer. */
  function termValue(term: InetworkStyleTerm): number {
    return tf.tidy(() => term.loss(vgg.features(photo, term.layers as LayerName[], 'max')).dataSync()[0]);
  }

  it('is the chain of the 16 layers’ losses of activations − 1, over the weights’ sum, with regions as without, leaving no tensor', async () => {
    const before = tf.memory().numTensors;
    const styles = [{ image: painting, weight: 1 }];
    const targets = StyleTargets.compute(vgg, styles, [...LAYER_NAMES], 'max', 512, INETWORK_SHIFT);
    const term = new InetworkStyleTerm(new StyleTerm(targets, { styleLayers: INETWORK_LAYER_WEIGHTS }));
    expect(term.layers).toEqual(LAYER_NAMES);
    const value = termValue(term);
    const shifted = literalChain(layerLosses(INETWORK_SHIFT)) / 2;
    expect(Math.abs(value - shifted)).toBeLessThan(1e-4 * shifted);
    // The shift counts: without it the chain is another number, by far more than the tolerance above
    // (VGG19's activations run to the hundreds, so − 1 moves the value by about half a percent here).
    expect(Math.abs(literalChain(layerLosses(0)) / 2 - shifted)).toBeGreaterThan(1e-3 * shifted);

    // One region over the whole picture, taking the whole painting: the same value by the region path.
    const regionTargets = RegionStyleTargets.compute(vgg, styles, [[{ style: 0 }]], [...LAYER_NAMES], 'max', 512, INETWORK_SHIFT);
    const everywhere = tf.ones([1, 24, 40, 1]) as tf.Tensor4D;
    const regionTerm = new InetworkStyleTerm((await RegionStyleTerm.create(regionTargets, everywhere, { styleLayers: INETWORK_LAYER_WEIGHTS }))!);
    expect(Math.abs(termValue(regionTerm) - value)).toBeLessThan(1e-4 * value);

    tf.dispose(everywhere);
    term.dispose();
    regionTerm.dispose();
    targets.dispose();
    regionTargets.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
