import type * as tf from '@tensorflow/tfjs';
import type { LayerName } from '../network/vgg19Architecture';
import type { LossWeights } from '../settings';

/** What a term is reported as, and the weight that scales it. */
export type TermName = keyof LossWeights;
/** The order of the terms in an evaluation's losses, after the total. */
export const TERM_NAMES: readonly TermName[] = ['content', 'style', 'tv', 'temporal'];

/**
 * A term of the network's activations at some layers. tfjs's tape differentiates it with respect
 * to those activations; the network's own backward pass takes the gradient to the pixels.
 */
export interface FeatureTerm {
  readonly kind: 'features';
  readonly name: TermName;
  readonly layers: readonly LayerName[];
  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar;
  dispose(): void;
}

/** A term of the pixels alone (the total variation, a video's temporal term), which brings its own gradient. */
export interface PixelTerm {
  readonly kind: 'pixels';
  readonly name: TermName;
  /** The value and its gradient with respect to the pixels, the fast way. */
  lossAndGradient(image: tf.Tensor4D): { loss: tf.Scalar; grad: tf.Tensor4D };
  /** The value in differentiable tfjs operations, for the stock gradients' tape. */
  loss(image: tf.Tensor4D): tf.Scalar;
  dispose(): void;
}

/** One part of an objective: it is given its terms and sums them by their weights. */
export type LossTerm = FeatureTerm | PixelTerm;
