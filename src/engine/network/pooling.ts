import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { profiled } from '../profile/stepProfile';
import type { Pooling } from './vgg19Architecture';
import { heapOffset, kernelsOf, wasmKernelsAvailable } from './wasmKernels';

const MAX_POOL_GRADIENT = 'EngineMaxPoolGradient';

/** The gradient of a 2x2 max pool in one pass (wasm/pooling.c): tfjs-wasm's MaxPoolGrad is a slow loop. */
function maxPoolGradient({
  inputs: { x, y, dy },
  backend,
}: {
  inputs: { x: tf.TensorInfo; y: tf.TensorInfo; dy: tf.TensorInfo };
  backend: BackendWasm;
}): tf.TensorInfo {
  const [, height, width, channels] = x.shape;
  const dx = backend.makeOutput(x.shape, 'float32');
  // A last odd row or column is outside every window: its gradient is 0.
  if (height % 2 || width % 2) (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  kernelsOf(backend).maxPoolGradient(at(x), at(y), at(dy), at(dx), height, width, channels);
  return dx;
}

/** Whether the max pool's gradient runs in the engine's wasm kernel here (wasm with SIMD). */
export const fastMaxPoolAvailable = (): boolean => wasmKernelsAvailable({ [MAX_POOL_GRADIENT]: maxPoolGradient });

/** VGG's 2x2, stride-2 'valid' pool. */
export const pool2x2 = (x: tf.Tensor4D, pooling: Pooling): tf.Tensor4D =>
  profiled('pooling', () => (pooling === 'max' ? tf.maxPool(x, 2, 2, 'valid') : tf.avgPool(x, 2, 2, 'valid')));

/**
 * The gradient of `pool2x2` with respect to its input x, for dy at its output y: the engine's
 * one-pass kernel for max pooling on wasm (tfjs-wasm's MaxPoolGrad is a slow loop, and wrong for
 * windows of negative values), tfjs's own gradient kernel otherwise, given the pool's output
 * y that the forward pass made (through tf.grad it would pool x once more).
 */
export const pool2x2Gradient = (dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, pooling: Pooling): tf.Tensor4D =>
  profiled('pooling', () => poolGradient(dy, x, y, pooling));

function poolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, pooling: Pooling): tf.Tensor4D {
  if (pooling === 'max' && x.shape[3] % 4 === 0 && fastMaxPoolAvailable()) {
    return tf.engine().runKernel(MAX_POOL_GRADIENT, { x, y, dy }, {}) as tf.Tensor4D;
  }
  const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
  return (
    pooling === 'max'
      ? tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, attrs)
      : tf.engine().runKernel(tf.AvgPoolGrad, { dy, input: x }, attrs)
  ) as tf.Tensor4D;
}
