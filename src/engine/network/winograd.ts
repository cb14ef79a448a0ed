import * as tf from '@tensorflow/tfjs';
import { profiled } from '../profile/stepProfile';
import { transposeMatrix } from './transpose';
import { wasmKernelsAvailable } from './wasmKernels';
import {
  filterTransform,
  inputTransform,
  inputTransformAdjoint,
  outputTransform,
  outputTransformAdjoint,
  byPosition,
  type AdjointAttrs,
  type OutputTransformAttrs,
} from './winogradTransforms';

/**
 * Winograd F(4×4, 3×3) convolution (Lavin & Gray, "Fast Algorithms for Convolutional Neural
 * Networks", 2016) for the wasm backend, where it is several times faster than XNNPACK's direct
 * 3×3 convolution on VGG's wide layers: a 4×4 output tile costs 36 multiplications a channel
 * pair instead of 144.
 *
 * A 6×6 input tile d becomes V = Bᵀ d B, the kernel g becomes U = G g Gᵀ, and the output tile is
 * Aᵀ M A with M = Σ_c U ⊙ V. Over all tiles and channels, M is 36 independent matrix products
 * [tiles, in] × [in, out], one per position of the transformed tile: XNNPACK does those, and the
 * tile transforms (WebAssembly SIMD, winogradTransforms.ts) are cheap data movement. The input
 * gradient runs the same steps backwards with Uᵀ. tfjs-wasm multiplies by a transposed operand
 * slowly, so Uᵀ is stored too where it is small; for the widest layers (U up to 36 MB) the gradient
 * is computed transposed instead, as dVᵀ = U dMᵀ, which costs strided transforms but no memory.
 */

// The transforms for interpolation points 0, ±1, ±2 and ∞ (Bᵀ, G and Aᵀ) are in wasm/winograd.c.
const FILTER = 'WinogradFilterTransform';
const INPUT = 'WinogradInputTransform';
const OUTPUT = 'WinogradOutputTransform';
const OUTPUT_ADJOINT = 'WinogradOutputTransformAdjoint';
const INPUT_ADJOINT = 'WinogradInputTransformAdjoint';

/**
 * Whether Winograd convolutions run here: on the wasm backend with WebAssembly SIMD. Elsewhere
 * the direct convolution is used (GPUs do it well).
 */
export const winogradAvailable = (): boolean =>
  wasmKernelsAvailable({
    [FILTER]: filterTransform,
    [INPUT]: inputTransform,
    [OUTPUT]: outputTransform,
    [OUTPUT_ADJOINT]: outputTransformAdjoint,
    [INPUT_ADJOINT]: inputTransformAdjoint,
  });

/** The transforms work on four channels at a time. */
export const winogradFits = (kernel: tf.Tensor4D): boolean => kernel.shape[2] % 4 === 0 && kernel.shape[3] % 4 === 0;

/** Up to this many weights (in × out), a layer also keeps Uᵀ for a faster input gradient. */
const TRANSPOSED_UP_TO = 256 * 256;

/** A 3×3 kernel [3, 3, in, out] in the Winograd domain: U = G g Gᵀ as 36 × [in, out]. Dispose when done. */
export interface WinogradFilter {
  positions: tf.Tensor2D[];
  /** Uᵀ as 36 × [out, in], for layers small enough to keep it. */
  transposed?: tf.Tensor2D[];
  dispose(): void;
}

export function winogradFilter(kernel: tf.Tensor4D): WinogradFilter {
  const [, , inChannels, outChannels] = kernel.shape;
  const positions = tf.engine().runKernel(FILTER, { kernel }, {}) as tf.Tensor2D[];
  const transposed = inChannels * outChannels <= TRANSPOSED_UP_TO ? positions.map(transposeMatrix) : undefined;
  // Kept past any tidy the first use happens in.
  const all = [...positions, ...(transposed ?? [])].map((t) => tf.keep(t));
  return { positions, transposed, dispose: () => tf.dispose(all) };
}

/**
 * A convolution's 36 matrix products, `product(input, i)` for each position's input, timed as the
 * step's `convProducts`; `width` is the side of U each input meets, so an input of n entries costs
 * 2·n·width operations. Each input is freed as soon as its product exists: the 36 positions hold
 * 2.25× the image's activations, and keeping inputs and products alive together would double that.
 */
function products(inputs: tf.Tensor2D[], width: number, product: (input: tf.Tensor2D, i: number) => tf.Tensor2D): tf.Tensor2D[] {
  const flops = 2 * inputs[0].size * width * inputs.length;
  return profiled(
    'convProducts',
    () =>
      inputs.map((input, i) => {
        const result = product(input, i);
        input.dispose();
        return result;
      }),
    flops,
  );
}

/** 'same' 3×3 convolution of x [1, h, w, in] (+ bias, ReLU): tf.conv2d up to float rounding. */
export function winogradConv2d(x: tf.Tensor4D, filter: WinogradFilter, bias?: tf.Tensor1D, relu = false): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    const v = tf.engine().runKernel(INPUT, { x }, {}) as tf.Tensor2D[];
    const outChannels = filter.positions[0].shape[1];
    const m = products(v, outChannels, (vi, i) => tf.matMul(vi, filter.positions[i]));
    const inputs = byPosition(m);
    if (bias) inputs.bias = bias;
    const attrs: OutputTransformAttrs = { height, width, relu };
    return tf.engine().runKernel(OUTPUT, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}

/**
 * The gradient of `winogradConv2d` with respect to x, for upstream dy [1, h, w, out]; through the
 * ReLU when given the layer's output `activated` (the gradient passes where it is positive).
 */
export function winogradConv2dBackpropInput(dy: tf.Tensor4D, filter: WinogradFilter, activated?: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = dy.shape;
    const attrs: AdjointAttrs = { height, width, transposed: !filter.transposed };
    const dm = tf.engine().runKernel(OUTPUT_ADJOINT, activated ? { dy, activated } : { dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
    const { transposed } = filter;
    const inChannels = filter.positions[0].shape[0];
    const dv = transposed
      ? products(dm, inChannels, (dmi, i) => tf.matMul(dmi, transposed[i])) // dV = dM Uᵀ: [tiles, out] × [out, in]
      : products(dm, inChannels, (dmi, i) => tf.matMul(filter.positions[i], dmi)); // dVᵀ = U dMᵀ: [in, out] × [out, tiles]
    return tf.engine().runKernel(INPUT_ADJOINT, byPosition(dv), attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}
