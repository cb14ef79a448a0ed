import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
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

/** Whether `maxPool2x2` has its fast gradient here (the wasm backend with SIMD, channels a multiple of 4). */
export const fastMaxPoolAvailable = (): boolean => wasmKernelsAvailable({ [MAX_POOL_GRADIENT]: maxPoolGradient });

/** A 2x2, stride-2 'valid' max pool whose gradient runs in the engine's wasm kernel. */
export const maxPool2x2 = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const y = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
  save([x, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, [input, output]: tf.Tensor[]) =>
      tf.engine().runKernel(MAX_POOL_GRADIENT, { x: input, y: output, dy }, {}) as tf.Tensor4D,
  };
}) as Parameters<typeof tf.customGrad<tf.Tensor4D>>[0]) as (x: tf.Tensor4D) => tf.Tensor4D;
