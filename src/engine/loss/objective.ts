import * as tf from '@tensorflow/tfjs';
import type { Gradients, Vgg19 } from '../network/vgg19';
import type { LayerName, Pooling } from '../network/vgg19Architecture';
import { profiled } from '../profile/stepProfile';
import type { LossWeights } from '../settings';
import { TERM_NAMES, type FeatureTerm, type LossTerm, type PixelTerm, type TermName } from './lossTerm';

/** The loss terms of one evaluation, each before its weight, and their weighted total. */
export type LossValues = { total: number } & Record<TermName, number>;

/** Reads an evaluation's losses: [total, ...TERM_NAMES]. */
export function lossValues(values: ArrayLike<number>): LossValues {
  return Object.fromEntries([['total', values[0]], ...TERM_NAMES.map((name, i) => [name, values[i + 1]])]) as LossValues;
}

/** The loss of an image and its gradient with respect to the pixels. The caller disposes both. */
export interface Evaluation {
  grad: tf.Tensor4D;
  /** [total, ...TERM_NAMES]. */
  losses: tf.Tensor1D;
}

export interface ObjectiveOptions {
  pooling: Pooling;
  /** The network's own backward pass ('fast'), or tfjs's tape through everything (the benchmark's baseline). */
  gradients?: Gradients;
}

/**
 * The weighted sum of the terms it is given (Gatys et al.'s is content + style + total variation),
 * and its gradient with respect to the pixels. The weights are read at every evaluation so that
 * they can change mid-run. The objective owns its terms and disposes them.
 */
export class Objective {
  private readonly featureTerms: FeatureTerm[];
  private readonly pixelTerms: PixelTerm[];
  /** Every layer a term reads: what each forward pass must produce. */
  private readonly layers: LayerName[];
  private readonly pooling: Pooling;
  private readonly gradients: Gradients;

  constructor(
    private readonly vgg: Vgg19,
    private readonly terms: LossTerm[],
    options: ObjectiveOptions,
  ) {
    this.featureTerms = terms.filter((term): term is FeatureTerm => term.kind === 'features');
    this.pixelTerms = terms.filter((term): term is PixelTerm => term.kind === 'pixels');
    this.layers = [...new Set(this.featureTerms.flatMap((term) => term.layers))];
    if (this.layers.length === 0) {
      this.dispose();
      throw new Error('No content or style layer is selected');
    }
    this.pooling = options.pooling;
    this.gradients = options.gradients ?? 'fast';
  }

  /** The terms' values summed by name, and their weighted total, as [total, ...TERM_NAMES]. */
  private weighted(values: [TermName, tf.Scalar][], weights: LossWeights): tf.Tensor1D {
    const byName = TERM_NAMES.map((name) => {
      const own = values.filter(([n]) => n === name).map(([, value]) => value);
      return own.length === 0 ? tf.scalar(0) : own.length === 1 ? own[0] : (tf.addN(own) as tf.Scalar);
    });
    const total = tf.addN(byName.map((value, i) => tf.mul(value, weights[TERM_NAMES[i]] ?? 0)));
    return tf.stack([total, ...byName]) as tf.Tensor1D;
  }

  evaluate(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    return profiled('losses', () => (this.gradients === 'fast' ? this.evaluateFast(image, weights) : this.evaluateStock(image, weights)));
  }

  /**
   * The network's own backward pass: tfjs's tape covers only the feature terms as functions of
   * the activations; vgg.forward takes it from there. The pixel terms bring their own gradients.
   */
  private evaluateFast(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    return tf.tidy(() => {
      const pixels = this.pixelTerms.map((term) => ({ name: term.name, ...term.lossAndGradient(image) }));
      const pass = this.vgg.forward(image, this.layers, this.pooling);
      const layers = [...pass.features.keys()];
      let losses: tf.Tensor1D | undefined;
      const { value, grads } = tf.valueAndGrads((...features: tf.Tensor[]) => {
        const byLayer = new Map(layers.map((layer, i) => [layer, features[i] as tf.Tensor4D]));
        const values: [TermName, tf.Scalar][] = [
          ...this.featureTerms.map((term): [TermName, tf.Scalar] => [term.name, term.loss(byLayer)]),
          ...pixels.map(({ name, loss }): [TermName, tf.Scalar] => [name, loss]),
        ];
        losses = tf.keep(this.weighted(values, weights));
        return tf.slice(losses, 0, 1).reshape([]) as tf.Scalar;
      })(layers.map((layer) => pass.features.get(layer)!));
      value.dispose();
      const fromNetwork = pass.backward(new Map(layers.map((layer, i) => [layer, grads[i] as tf.Tensor4D])));
      const grad = pixels.reduce<tf.Tensor4D>((sum, { name, grad }) => tf.add(sum, tf.mul(grad, weights[name] ?? 0)), fromNetwork);
      return { grad, losses: losses! };
    });
  }

  /** The plain way, through tfjs's tape: the benchmark's baseline. */
  private evaluateStock(image: tf.Tensor4D, weights: LossWeights): Evaluation {
    let losses: tf.Tensor1D | undefined;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor4D) => {
      const features = this.vgg.features(x, this.layers, this.pooling, 'stock');
      const values: [TermName, tf.Scalar][] = this.terms.map((term) => [term.name, term.kind === 'features' ? term.loss(features) : term.loss(x)]);
      losses = tf.keep(this.weighted(values, weights));
      return tf.slice(losses, 0, 1).reshape([]) as tf.Scalar;
    })(image);
    value.dispose();
    return { grad: grad as tf.Tensor4D, losses: losses! };
  }

  dispose(): void {
    for (const term of this.terms) term.dispose();
  }
}
