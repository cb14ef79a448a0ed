import * as tf from '@tensorflow/tfjs';
import { gramMatrix, stockGramMatrix } from './gramMatrix';
import { contentLoss, disposeTarget, lossTarget, styleLoss, totalVariationLoss, type LossTarget } from './losses';
import type { LayerWeights, LossWeights, StyleSettings } from './settings';
import type { Gradients, Vgg19 } from './vgg19';
import type { LayerName } from './vgg19Architecture';

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

/** Layer names with their weights normalised to sum to 1, so adding a layer keeps the scale. */
function normalised(layers: LayerWeights): [LayerName, number][] {
  const entries = Object.entries(layers).filter(([, w]) => w > 0) as [LayerName, number][];
  const sum = entries.reduce((a, [, w]) => a + w, 0);
  return entries.map(([name, w]) => [name, w / sum]);
}

/**
 * The Gatys objective at one scale: weighted content loss + style loss + total variation.
 * The targets (the photo's activations, the painting's Gram matrices) are computed once;
 * the loss weights are read at every evaluation so that they can change during a run.
 */
export class Objective {
  private readonly contentLayers: [LayerName, number][];
  private readonly styleLayers: [LayerName, number][];
  /** Every layer the loss reads, content and style: what each forward pass must produce. */
  private readonly layers: LayerName[];
  private readonly contentTargets = new Map<LayerName, LossTarget>();
  private readonly styleTargets = new Map<LayerName, LossTarget>();
  private readonly gram: (f: tf.Tensor4D) => tf.Tensor2D;

  constructor(
    private readonly vgg: Vgg19,
    content: tf.Tensor4D,
    style: tf.Tensor4D,
    private readonly settings: Pick<StyleSettings, 'contentLayers' | 'styleLayers' | 'pooling'>,
    private readonly gradients: Gradients = 'fast',
  ) {
    this.contentLayers = normalised(settings.contentLayers);
    this.styleLayers = normalised(settings.styleLayers);
    this.layers = [...this.contentLayers, ...this.styleLayers].map(([l]) => l);
    if (this.contentLayers.length + this.styleLayers.length === 0) throw new Error('No content or style layer is selected');
    this.gram = gradients === 'fast' ? gramMatrix : stockGramMatrix;
    // Targets are made inside a tidy (the activations are dropped) and kept past its end.
    const keep = (target: LossTarget): LossTarget => ({ value: tf.keep(target.value), energy: tf.keep(target.energy) });
    tf.tidy(() => {
      const contentFeatures = vgg.features(content, this.contentLayers.map(([l]) => l), settings.pooling);
      for (const [layer] of this.contentLayers) {
        this.contentTargets.set(layer, keep(lossTarget(contentFeatures.get(layer)!)));
      }
      const styleFeatures = vgg.features(style, this.styleLayers.map(([l]) => l), settings.pooling);
      for (const [layer] of this.styleLayers) {
        this.styleTargets.set(layer, keep(lossTarget(this.gram(styleFeatures.get(layer)!))));
      }
    });
  }

  /** Loss terms of `image` without weights applied, as a tensor [total, content, style, tv]. */
  private terms(image: tf.Tensor4D, weights: LossWeights): tf.Tensor1D {
    const features = this.vgg.features(image, this.layers, this.settings.pooling, this.gradients);
    let content: tf.Scalar = tf.scalar(0);
    for (const [layer, w] of this.contentLayers) {
      content = tf.add(content, tf.mul(contentLoss(features.get(layer)!, this.contentTargets.get(layer)!), w));
    }
    let style: tf.Scalar = tf.scalar(0);
    for (const [layer, w] of this.styleLayers) {
      style = tf.add(style, tf.mul(styleLoss(this.gram(features.get(layer)!), this.styleTargets.get(layer)!), w));
    }
    const tv = totalVariationLoss(image);
    const total = tf.addN([tf.mul(content, weights.content), tf.mul(style, weights.style), tf.mul(tv, weights.tv)]);
    return tf.stack([total, content, style, tv]) as tf.Tensor1D;
  }

  evaluate(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    let losses: tf.Tensor1D | undefined;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor4D) => {
      losses = tf.keep(this.terms(x, weights));
      return tf.slice(losses, 0, 1).reshape([]) as tf.Scalar;
    })(image);
    value.dispose();
    return { grad: grad as tf.Tensor4D, losses: losses! };
  }

  dispose(): void {
    for (const t of [...this.contentTargets.values(), ...this.styleTargets.values()]) disposeTarget(t);
  }
}
