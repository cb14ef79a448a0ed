import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX } from '../image/image';
import type { PixelTerm } from './lossTerm';

/**
 * Ruder et al.'s temporal term ("Artistic style transfer for videos", 2016): the mean squared
 * difference, on the 0..1 scale, between the image and an earlier frame's result carried along
 * the motion, weighted per pixel by how far that motion can be trusted (0 where the earlier
 * frame does not show the pixel, 1 elsewhere). A frame's objective is given one for the frame
 * before, and with the long-term term one more for each frame further back (t−2, t−4).
 */
export class TemporalTerm implements PixelTerm {
  readonly kind = 'pixels';
  readonly name = 'temporal';
  /** The warped previous result [1, h, w, 3] on 0..255, and its per-pixel weights [1, h, w, 1] on 0..1. */
  private readonly warped: tf.Tensor4D;
  private readonly weights: tf.Tensor4D;

  constructor(warped: tf.Tensor4D, weights: tf.Tensor4D) {
    this.warped = warped.clone();
    this.weights = weights.clone();
  }

  private scale(image: tf.Tensor4D): number {
    return 1 / (image.size * PIXEL_MAX * PIXEL_MAX);
  }

  loss(image: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => tf.mul(tf.sum(tf.mul(this.weights, tf.squaredDifference(image, this.warped))), this.scale(image)));
  }

  lossAndGradient(image: tf.Tensor4D): { loss: tf.Scalar; grad: tf.Tensor4D } {
    return tf.tidy(() => {
      const weightedDifference = tf.mul(this.weights, tf.sub(image, this.warped));
      const loss = tf.mul(tf.sum(tf.mul(weightedDifference, tf.sub(image, this.warped))), this.scale(image)) as tf.Scalar;
      const grad = tf.mul(weightedDifference, 2 * this.scale(image)) as tf.Tensor4D;
      return { loss, grad };
    });
  }

  dispose(): void {
    this.warped.dispose();
    this.weights.dispose();
  }
}
