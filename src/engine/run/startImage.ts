import * as tf from '@tensorflow/tfjs';
import { PIXEL_MAX, resizeImage } from '../image/image';
import { seededRandom } from '../image/random';
import type { Size } from '../image/size';
import type { StyleSettings } from '../settings';
import type { PreparedInputs } from './inputs';

function noise(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const random = seededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random() * PIXEL_MAX), shape);
}

/** Where the first scale starts, as the settings' `init` asks. */
export function initialImage(settings: StyleSettings, prepared: PreparedInputs, size: Size): tf.Tensor4D {
  switch (settings.init) {
    case 'content':
      return resizeImage(prepared.content, size);
    case 'previous':
      return resizeImage(prepared.previous!, size);
    case 'gray':
      return tf.fill([1, size.height, size.width, 3], PIXEL_MAX / 2) as tf.Tensor4D;
    case 'noise':
      return noise([1, size.height, size.width, 3], settings.seed);
  }
}

/**
 * Where a later scale starts: the previous scale's result at `size`, with the photo's detail that
 * the smaller scale could not hold (the photo minus its own round trip through that scale) added back.
 */
export function upscaleWithDetail(image: tf.Tensor4D, photo: tf.Tensor4D, size: Size): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = image.shape;
    const sharp = resizeImage(photo, size);
    const blurred = resizeImage(resizeImage(photo, { width, height }), size);
    return tf.clipByValue(tf.add(resizeImage(image, size), tf.sub(sharp, blurred)), 0, PIXEL_MAX) as tf.Tensor4D;
  });
}
