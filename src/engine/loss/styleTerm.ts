import * as tf from '@tensorflow/tfjs';
import type { Gradients } from '../network/vgg19';
import { layerResolution, type LayerName } from '../network/vgg19Architecture';
import type { StyleSettings } from '../settings';
import { gramMatrix, stockGramMatrix } from './gramMatrix';
import { styleLoss } from './losses';
import type { FeatureTerm } from './lossTerm';
import { normalisedLayers, type StyleTargets } from './styleTargets';

/**
 * Where the style applies: the mask [1, h, w, 1] (1 = style) at a layer's resolution, and the
 * mean of its square, which turns a Gram matrix of masked activations into an average over the
 * masked positions only (so it compares with the painting's).
 */
interface LayerMask {
  mask: tf.Tensor4D;
  /** The mean of the squared mask, on the device: reading it back would stall a GPU. */
  meanSquare: tf.Scalar;
}

export interface StyleTermOptions {
  /** Limits the style to where the mask is white ([1, h, w, 1] on 0..1, the image's size); the caller keeps it. */
  mask?: tf.Tensor4D;
  gradients?: Gradients;
}

/**
 * How far the Gram matrices of the image's activations are from the paintings' at the style
 * layers, by their weights. The targets are shared by the tiles of a scale: the caller owns them.
 */
export class StyleTerm implements FeatureTerm {
  readonly kind = 'features';
  readonly name = 'style';
  readonly layers: LayerName[];
  private readonly weighted: [LayerName, number][];
  private readonly layerMasks = new Map<LayerName, LayerMask>();
  private readonly gram: (features: tf.Tensor4D) => tf.Tensor2D;

  constructor(
    private readonly targets: StyleTargets,
    settings: Pick<StyleSettings, 'styleLayers'>,
    { mask, gradients = 'fast' }: StyleTermOptions = {},
  ) {
    this.weighted = normalisedLayers(settings.styleLayers);
    this.layers = this.weighted.map(([layer]) => layer);
    this.gram = gradients === 'fast' ? gramMatrix : stockGramMatrix;
    if (!mask) return;
    const [, height, width] = mask.shape;
    for (const layer of this.layers) {
      const [h, w] = layerResolution(layer, height, width);
      this.layerMasks.set(
        layer,
        tf.tidy(() => {
          const resized = tf.image.resizeBilinear(mask, [h, w], false, true) as tf.Tensor4D;
          return { mask: resized, meanSquare: tf.mean(tf.square(resized)) as tf.Scalar };
        }),
      );
    }
  }

  /** Whether the style has any room here: a tile whose mask is all black need not be optimised. */
  async hasArea(): Promise<boolean> {
    if (this.layerMasks.size === 0) return true;
    const meanSquares = tf.stack([...this.layerMasks.values()].map((m) => m.meanSquare));
    const values = await meanSquares.data();
    meanSquares.dispose();
    return values.some((meanSquare) => meanSquare > 1e-4);
  }

  /** The Gram matrix of a layer's activations, over the masked positions when masked. */
  private styleGram(layer: LayerName, features: tf.Tensor4D): tf.Tensor2D {
    const masked = this.layerMasks.get(layer);
    if (!masked) return this.gram(features);
    return tf.div(this.gram(tf.mul(features, masked.mask)), tf.add(masked.meanSquare, 1e-8));
  }

  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar {
    let sum: tf.Scalar = tf.scalar(0);
    for (const [layer, weight] of this.weighted) {
      sum = tf.add(sum, tf.mul(styleLoss(this.styleGram(layer, features.get(layer)!), this.targets.get(layer)), weight));
    }
    return sum;
  }

  dispose(): void {
    for (const { mask, meanSquare } of this.layerMasks.values()) tf.dispose([mask, meanSquare]);
  }
}
