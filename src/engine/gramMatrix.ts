import * as tf from '@tensorflow/tfjs';
import { transposeMatrix } from './transpose';

/**
 * FᵀF. Matmuls with a transposed operand fall into a slow scalar loop on wasm, so there the
 * transpose is made explicit (in SIMD blocks); a GPU's matmul reads F transposed in place, and
 * an explicit transpose would add a pass over the activations.
 */
const transposedProduct = (f: tf.Tensor2D): tf.Tensor2D =>
  tf.getBackend() === 'wasm' ? tf.matMul(transposeMatrix(f), f) : tf.matMul(f, f, true, false);

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
    value: tf.tidy(() => tf.mul(transposedProduct(f), norm)),
    gradFunc: (dg: tf.Tensor, [saved]: tf.Tensor[]) =>
      tf.reshape(tf.mul(tf.matMul(saved, tf.add(dg, tf.transpose(dg))), norm), features.shape),
  };
}) as Parameters<typeof tf.customGrad<tf.Tensor2D>>[0]) as (features: tf.Tensor4D) => tf.Tensor2D;

/** The same Gram matrix the plain way (transposed matmul, stock gradient): the baseline. */
export function stockGramMatrix(features: tf.Tensor4D): tf.Tensor2D {
  const [, h, w, c] = features.shape;
  const f = tf.reshape(features, [h * w, c]);
  return tf.div(tf.matMul(f, f, true, false), c * h * w);
}
