import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { PIXEL_MAX } from '../image/image';
import { heapOffset, kernelsOf, wasmKernelsAvailable } from '../network/wasmKernels';
import type { PixelTerm } from './lossTerm';

/**
 * Total variation: mean squared difference between neighbouring pixels, on the 0..1 scale.
 * It smooths away the high-frequency noise that the VGG gradients leave.
 */
export function totalVariationLoss(image: tf.Tensor4D): tf.Scalar {
  const [, h, w] = image.shape;
  const dy = tf.sub(tf.slice(image, [0, 1, 0, 0], [-1, h - 1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, h - 1, -1, -1]));
  const dx = tf.sub(tf.slice(image, [0, 0, 1, 0], [-1, -1, w - 1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, -1, w - 1, -1]));
  return tf.div(tf.add(tf.mean(tf.square(dy)), tf.mean(tf.square(dx))), PIXEL_MAX * PIXEL_MAX);
}

const TOTAL_VARIATION = 'EngineTotalVariation';

function totalVariationKernel({ inputs: { x }, backend }: { inputs: { x: tf.TensorInfo }; backend: BackendWasm }): tf.TensorInfo[] {
  const [, h, w, c] = x.shape;
  const loss = backend.makeOutput([], 'float32');
  const grad = backend.makeOutput(x.shape, 'float32');
  // The means' denominators, as totalVariationLoss takes them.
  const sy = 1 / ((h - 1) * w * c * PIXEL_MAX * PIXEL_MAX);
  const sx = 1 / (h * (w - 1) * c * PIXEL_MAX * PIXEL_MAX);
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  kernelsOf(backend).totalVariation(at(x), h, w, c, sy, sx, at(grad), at(loss));
  return [loss, grad];
}

/**
 * `totalVariationLoss` and its gradient with respect to the image. On wasm one pass of the engine's
 * kernel (wasm/totalVariation.c) does both: tfjs's slices of the image are slow strided copies there.
 */
export function totalVariation(image: tf.Tensor4D): { loss: tf.Scalar; grad: tf.Tensor4D } {
  const [, h, w] = image.shape;
  if (h > 1 && w > 1 && wasmKernelsAvailable({ [TOTAL_VARIATION]: totalVariationKernel as never })) {
    const [loss, grad] = tf.engine().runKernel(TOTAL_VARIATION, { x: image }, {}) as [tf.Scalar, tf.Tensor4D];
    return { loss, grad };
  }
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor4D) => totalVariationLoss(x))(image);
  return { loss: value, grad: grad as tf.Tensor4D };
}

/** The total variation as a term of an objective: a term of the pixels, with its own gradient. */
export const totalVariationTerm: PixelTerm = {
  kind: 'pixels',
  name: 'tv',
  lossAndGradient: totalVariation,
  loss: totalVariationLoss,
  dispose() {},
};
