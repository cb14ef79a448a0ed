import * as tf from '@tensorflow/tfjs';
import { gramMatrix, stockGramMatrix } from './gramMatrix';
import { contentLoss, disposeTarget, lossTarget, styleLoss, type LossTarget } from './losses';
import type { LossWeights, StyleSettings } from '../settings';
import { profiled } from '../profile/stepProfile';
import { totalVariation, totalVariationLoss } from './totalVariation';
import { normalisedLayers, type StyleTargets } from './styleTargets';
import type { Gradients, Vgg19 } from '../network/vgg19';
import { layerResolution, type LayerName } from '../network/vgg19Architecture';

/** The loss terms of one evaluation, in the order of `Evaluation.losses`. */
export interface LossValues {
  total: number;
  content: number;
  style: number;
  tv: number;
}

export function lossValues(values: ArrayLike<number>): LossValues {
  return { total: values[0], content: values[1], style: values[2], tv: values[3] };
}

/** The loss of an image and its gradient with respect to the pixels. The caller disposes both. */
export interface Evaluation {
  grad: tf.Tensor4D;
  /** [total, content, style, tv]. */
  losses: tf.Tensor1D;
}

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

export interface ObjectiveOptions {
  /** Limits the style loss to where the mask is white ([1, h, w, 1] on 0..1, the image's size). */
  mask?: tf.Tensor4D;
  gradients?: Gradients;
}

/**
 * The Gatys objective at one scale (or one tile): weighted content loss + style loss + total
 * variation. The content targets are computed here once; the style targets are shared by the
 * tiles of a scale. The loss weights are read at every evaluation so they can change mid-run.
 */
export class Objective {
  private readonly contentLayers: [LayerName, number][];
  private readonly styleLayers: [LayerName, number][];
  /** Every layer the loss reads, content and style: what each forward pass must produce. */
  private readonly layers: LayerName[];
  private readonly contentTargets = new Map<LayerName, LossTarget>();
  private readonly layerMasks = new Map<LayerName, LayerMask>();
  private readonly gram: (f: tf.Tensor4D) => tf.Tensor2D;
  private readonly gradients: Gradients;

  constructor(
    private readonly vgg: Vgg19,
    content: tf.Tensor4D,
    private readonly styleTargets: StyleTargets,
    private readonly settings: Pick<StyleSettings, 'contentLayers' | 'styleLayers' | 'pooling'>,
    options: ObjectiveOptions = {},
  ) {
    this.gradients = options.gradients ?? 'fast';
    this.contentLayers = normalisedLayers(settings.contentLayers);
    this.styleLayers = normalisedLayers(settings.styleLayers);
    this.layers = [...this.contentLayers, ...this.styleLayers].map(([l]) => l);
    if (this.layers.length === 0) throw new Error('No content or style layer is selected');
    this.gram = this.gradients === 'fast' ? gramMatrix : stockGramMatrix;
    // Targets are made inside a tidy (the activations are dropped) and kept past its end.
    const keep = (target: LossTarget): LossTarget => ({ value: tf.keep(target.value), energy: tf.keep(target.energy) });
    tf.tidy(() => {
      const contentFeatures = vgg.features(content, this.contentLayers.map(([l]) => l), settings.pooling);
      for (const [layer] of this.contentLayers) {
        this.contentTargets.set(layer, keep(lossTarget(contentFeatures.get(layer)!)));
      }
      if (!options.mask) return;
      for (const [layer] of this.styleLayers) {
        const [h, w] = layerResolution(layer, content.shape[1], content.shape[2]);
        const mask = tf.image.resizeBilinear(options.mask, [h, w], false, true) as tf.Tensor4D;
        const meanSquare = tf.mean(tf.square(mask)) as tf.Scalar;
        this.layerMasks.set(layer, { mask: tf.keep(mask), meanSquare: tf.keep(meanSquare) });
      }
    });
  }

  /** The Gram matrix of a style layer's activations, over the masked positions when masked. */
  private styleGram(layer: LayerName, features: tf.Tensor4D): tf.Tensor2D {
    const masked = this.layerMasks.get(layer);
    if (!masked) return this.gram(features);
    return tf.div(this.gram(tf.mul(features, masked.mask)), tf.add(masked.meanSquare, 1e-8));
  }

  /** Whether the style has any room here: a tile with an all-black mask need not be optimised. */
  async hasStyleArea(): Promise<boolean> {
    if (this.layerMasks.size === 0) return true;
    const meanSquares = tf.stack([...this.layerMasks.values()].map((m) => m.meanSquare));
    const values = await meanSquares.data();
    meanSquares.dispose();
    return values.some((meanSquare) => meanSquare > 1e-4);
  }

  /** Loss terms from the features and the total variation, without weights applied, as [total, content, style, tv]. */
  private terms(features: Map<LayerName, tf.Tensor4D>, tv: tf.Scalar, weights: LossWeights): tf.Tensor1D {
    let content: tf.Scalar = tf.scalar(0);
    for (const [layer, w] of this.contentLayers) {
      content = tf.add(content, tf.mul(contentLoss(features.get(layer)!, this.contentTargets.get(layer)!), w));
    }
    let style: tf.Scalar = tf.scalar(0);
    for (const [layer, w] of this.styleLayers) {
      style = tf.add(style, tf.mul(styleLoss(this.styleGram(layer, features.get(layer)!), this.styleTargets.get(layer)), w));
    }
    const total = tf.addN([tf.mul(content, weights.content), tf.mul(style, weights.style), tf.mul(tv, weights.tv)]);
    return tf.stack([total, content, style, tv]) as tf.Tensor1D;
  }

  evaluate(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    return profiled('losses', () => (this.gradients === 'fast' ? this.evaluateFast(image, weights) : this.evaluateStock(image, weights)));
  }

  /**
   * The network's own backward pass: tfjs's tape covers only the losses as functions of the
   * features; vgg.forward takes it from there. The total variation brings its own gradient.
   */
  private evaluateFast(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    return tf.tidy(() => {
      const tv = totalVariation(image);
      const pass = this.vgg.forward(image, this.layers, this.settings.pooling);
      const layers = [...pass.features.keys()];
      let losses: tf.Tensor1D | undefined;
      const { value, grads } = tf.valueAndGrads((...features: tf.Tensor[]) => {
        losses = tf.keep(this.terms(new Map(layers.map((l, i) => [l, features[i] as tf.Tensor4D])), tv.loss, weights));
        return tf.slice(losses, 0, 1).reshape([]) as tf.Scalar;
      })(layers.map((l) => pass.features.get(l)!));
      value.dispose();
      const fromNetwork = pass.backward(new Map(layers.map((l, i) => [l, grads[i] as tf.Tensor4D])));
      return { grad: tf.add(fromNetwork, tf.mul(tv.grad, weights.tv)) as tf.Tensor4D, losses: losses! };
    });
  }

  /** The plain way, through tfjs's tape: the benchmark baseline. */
  private evaluateStock(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    let losses: tf.Tensor1D | undefined;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor4D) => {
      const features = this.vgg.features(x, this.layers, this.settings.pooling, 'stock');
      losses = tf.keep(this.terms(features, totalVariationLoss(x), weights));
      return tf.slice(losses, 0, 1).reshape([]) as tf.Scalar;
    })(image);
    value.dispose();
    return { grad: grad as tf.Tensor4D, losses: losses! };
  }

  dispose(): void {
    for (const t of this.contentTargets.values()) disposeTarget(t);
    for (const { mask, meanSquare } of this.layerMasks.values()) tf.dispose([mask, meanSquare]);
  }
}
