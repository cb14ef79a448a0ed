import * as tf from '@tensorflow/tfjs';
import { imageToTensor, type RgbaImage } from '../image/image';
import { warp } from './warp';

/**
 * How much a clip flickers between two frames: sum(c · |S_t − warp(S_t−1)|²) / sum(c), with
 * `flow` the flow from frame t to frame t−1 ([u, v] a pixel, row by row) and c the weights of
 * the pixels that frame t−1 shows (1 or 0 a pixel). On 0..255 levels, summed over the channels.
 */
export async function temporalError(result: RgbaImage, previousResult: RgbaImage, flow: Float32Array, weights: Float32Array): Promise<number> {
  const { width, height } = result;
  const error = tf.tidy(() => {
    const warped = warp(imageToTensor(previousResult), tf.tensor4d(flow, [1, height, width, 2]));
    const c = tf.tensor4d(weights, [1, height, width, 1]);
    return tf.div(tf.sum(tf.mul(c, tf.squaredDifference(imageToTensor(result), warped))), tf.sum(c));
  });
  try {
    return (await error.data())[0];
  } finally {
    error.dispose();
  }
}
