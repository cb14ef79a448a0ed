import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { profiled } from '../profile/stepProfile';
import { transposeMatrix } from '../network/transpose';
import { heapOffset, kernelsOf, wasmKernelsAvailable } from '../network/wasmKernels';

const GRAM = 'EngineGram';

function gramKernel({ inputs: { f }, backend, attrs }: { inputs: { f: tf.TensorInfo }; backend: BackendWasm; attrs: { scale: number } }): tf.TensorInfo {
  const [n, c] = f.shape;
  const out = backend.makeOutput([c, c], 'float32');
  kernelsOf(backend).gram(heapOffset(backend, f), n, c, attrs.scale, heapOffset(backend, out));
  return out;
}

/**
 * Up to this many channels the engine's Gram kernel (one thread) beats tfjs-wasm's matmul (two, in
 * the browser). Measured at 256 px: 64 channels 8 ms against 62 (+ the transpose), 128: 10 against
 * 23, 256: 8 against 15; at 512 channels the matmul's second thread wins (9 ms against 13).
 */
const GRAM_KERNEL_MAX_CHANNELS = 256;

/**
 * FᵀF · scale. On wasm the engine's one-pass kernel (wasm/gram.c) computes it for all but the
 * widest layers: tfjs-wasm's matmul needs Fᵀ made explicit (a transposed operand falls into a slow
 * scalar loop) and then streams all of F once per output tile. A GPU's matmul reads F transposed
 * in place.
 */
export function scaledGram(f: tf.Tensor2D, scale: number): tf.Tensor2D {
  const channels = f.shape[1];
  if (channels % 8 === 0 && channels <= GRAM_KERNEL_MAX_CHANNELS && wasmKernelsAvailable({ [GRAM]: gramKernel as never })) {
    return tf.engine().runKernel(GRAM, { f }, { scale }) as tf.Tensor2D;
  }
  const product = tf.getBackend() === 'wasm' ? tf.matMul(transposeMatrix(f), f) : tf.matMul(f, f, true, false);
  return tf.tidy(() => tf.mul(product, scale));
}

/**
 * Gram matrix of a [1, h, w, c] activation: G = FᵀF / (c·h·w), F the activations as [h·w, c].
 * Both products (forward and gradient) avoid a transposed operand on wasm (see above).
 * The gradient of FᵀF is F(dG + dGᵀ).
 */
export const gramMatrix = tf.customGrad(((features: tf.Tensor, save: tf.GradSaveFunc) => {
  const [, h, w, c] = features.shape;
  const norm = 1 / (c * h * w);
  const f = tf.reshape(features, [h * w, c]) as tf.Tensor2D;
  save([f]);
  return {
    // In a tidy: tfjs keeps a custom gradient's intermediates (here Fᵀ, as large as the
    // activations) until the whole evaluation ends.
    value: profiled('gram', () => tf.tidy(() => scaledGram(f, norm))),
    gradFunc: (dg: tf.Tensor, [saved]: tf.Tensor[]) =>
      // The scale goes on the small [c, c] factor rather than on the [h·w, c] product.
      profiled('gram', () => tf.reshape(tf.matMul(saved, tf.mul(tf.add(dg, tf.transpose(dg)), norm)), features.shape)),
  };
}) as Parameters<typeof tf.customGrad<tf.Tensor2D>>[0]) as (features: tf.Tensor4D) => tf.Tensor2D;

/** The same Gram matrix the plain way (transposed matmul, stock gradient): the baseline. */
export function stockGramMatrix(features: tf.Tensor4D): tf.Tensor2D {
  const [, h, w, c] = features.shape;
  const f = tf.reshape(features, [h * w, c]);
  return tf.div(tf.matMul(f, f, true, false), c * h * w);
}
