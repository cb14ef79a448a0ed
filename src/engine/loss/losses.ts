import * as tf from '@tensorflow/tfjs';

/**
 * The losses are relative squared errors, ‖x − target‖² / ‖target‖², so each term is about 1
 * when the image is far from its target and 0 when it matches, whatever the layer, its
 * activation scale or the image size. That keeps the weights meaningful as plain ratios.
 */
function relativeSquaredError(x: tf.Tensor, target: tf.Tensor, targetEnergy: tf.Scalar): tf.Scalar {
  return tf.div(tf.sum(tf.squaredDifference(x, target)), targetEnergy);
}

/** Target of a loss term: the tensor to match and its squared norm (computed once). */
export interface LossTarget {
  value: tf.Tensor;
  energy: tf.Scalar;
}

export function lossTarget(value: tf.Tensor): LossTarget {
  // The epsilon keeps an all-black target (all-zero activations) from dividing by zero.
  return { value, energy: tf.tidy(() => tf.add(tf.sum(tf.square(value)), 1e-8)) };
}

export function disposeTarget(target: LossTarget): void {
  target.value.dispose();
  target.energy.dispose();
}

/** Content loss: how far the activations of a layer are from those of the photo. */
export function contentLoss(features: tf.Tensor4D, target: LossTarget): tf.Scalar {
  return relativeSquaredError(features, target.value, target.energy);
}

/** Style loss of one layer: how far the Gram matrix is from the painting's. */
export function styleLoss(gram: tf.Tensor2D, target: LossTarget): tf.Scalar {
  return relativeSquaredError(gram, target.value, target.energy);
}
