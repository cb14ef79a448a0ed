import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, kernelsOf, wasmKernelsAvailable } from './wasmKernels';

const TRANSPOSE = 'EngineTranspose2D';

function transposeKernel({ inputs: { x }, backend }: { inputs: { x: tf.TensorInfo }; backend: BackendWasm }): tf.TensorInfo {
  const [rows, cols] = x.shape;
  const out = backend.makeOutput([cols, rows], 'float32');
  kernelsOf(backend).transpose(heapOffset(backend, x), heapOffset(backend, out), rows, cols);
  return out;
}

/**
 * xᵀ for a matrix, in 4×4 SIMD blocks on wasm (wasm/transpose.c), where tfjs's Transpose moves
 * one element at a time; tf.transpose elsewhere. No gradient: used inside custom gradients only.
 */
export function transposeMatrix(x: tf.Tensor2D): tf.Tensor2D {
  if (x.shape[1] % 4 === 0 && wasmKernelsAvailable({ [TRANSPOSE]: transposeKernel })) {
    return tf.engine().runKernel(TRANSPOSE, { x }, {}) as tf.Tensor2D;
  }
  return tf.transpose(x);
}
