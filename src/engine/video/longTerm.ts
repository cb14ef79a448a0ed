import * as tf from '@tensorflow/tfjs';

/**
 * Ruder et al.'s long-term weights from the consistency weights of the motion from each earlier
 * frame ([1, h, w, 1] on 0..1, nearest first): c_long(i−j) = max(c(i−j) − Σ_{k<j} c(i−k), 0).
 * A pixel is held to the nearest earlier frame whose motion to it can be trusted, and to no
 * further one: where the frame before shows it, frames further back add nothing.
 */
export function longTermWeights(nearestFirst: readonly tf.Tensor4D[]): tf.Tensor4D[] {
  return nearestFirst.map((weights, j) =>
    j === 0 ? weights.clone() : tf.tidy(() => tf.relu(tf.sub(weights, tf.addN(nearestFirst.slice(0, j)))) as tf.Tensor4D),
  );
}
