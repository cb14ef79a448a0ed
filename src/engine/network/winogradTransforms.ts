import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, kernelsOf, offsetTable } from './wasmKernels';

/**
 * The tile transforms of Winograd F(4×4, 3×3) as wasm-backend kernels; the arithmetic is in
 * wasm/winograd.c. They replace what tfjs's slice, gather or depthToSpace ops would do one to two
 * orders of magnitude slower.
 *
 * Layouts: an image is [1, h, w, c]; tiles are 4×4 output pixels, numbered row by row. A
 * transformed tile has 36 positions, and each position is its own tensor, [tiles, c] (or
 * [c, tiles] on the way back, see winograd.ts), so the matrix products between the transforms
 * need no slicing. Channel counts must be multiples of 4.
 */

export const POSITIONS = 36;

/** The 36 positions travel to and from the kernels as inputs named p0..p35. */
export const byPosition = (tensors: tf.Tensor[]): tf.NamedTensorMap => Object.fromEntries(tensors.map((t, i) => [`p${i}`, t]));
const positionsOf = (inputs: Record<string, tf.TensorInfo>) => Array.from({ length: POSITIONS }, (_, i) => inputs[`p${i}`]);

const tileCount = (height: number, width: number) => Math.ceil(height / 4) * Math.ceil(width / 4);

/** Kernel [3, 3, c, k] → 36 × [c, k]: U = G g Gᵀ for every channel pair. */
export function filterTransform({ inputs, backend }: { inputs: { kernel: tf.TensorInfo }; backend: BackendWasm }): tf.TensorInfo[] {
  const [, , c, k] = inputs.kernel.shape;
  const outs = Array.from({ length: POSITIONS }, () => backend.makeOutput([c, k], 'float32'));
  kernelsOf(backend).filterTransform(heapOffset(backend, inputs.kernel), c, k, offsetTable(backend, outs));
  return outs;
}

/** Image [1, h, w, c] → 36 × [tiles, c]: V = Bᵀ d B for every tile and channel. */
export function inputTransform({ inputs, backend }: { inputs: { x: tf.TensorInfo }; backend: BackendWasm }): tf.TensorInfo[] {
  const [, height, width, channels] = inputs.x.shape;
  const tiles = tileCount(height, width);
  const outs = Array.from({ length: POSITIONS }, () => backend.makeOutput([tiles, channels], 'float32'));
  kernelsOf(backend).inputTransform(heapOffset(backend, inputs.x), height, width, channels, offsetTable(backend, outs));
  return outs;
}

export interface OutputTransformAttrs {
  height: number;
  width: number;
  relu: boolean;
}

/** 36 × [tiles, k] (inputs p0..p35, optional bias [k]) → image [1, h, w, k]: Aᵀ M A + bias, ReLU. */
export function outputTransform({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, tf.TensorInfo>;
  backend: BackendWasm;
  attrs: OutputTransformAttrs;
}): tf.TensorInfo {
  const { height, width, relu } = attrs;
  const [, k] = inputs.p0.shape;
  const out = backend.makeOutput([1, height, width, k], 'float32');
  const bias = inputs.bias ? heapOffset(backend, inputs.bias) : 0;
  const table = offsetTable(backend, positionsOf(inputs));
  kernelsOf(backend).outputTransform(table, bias, heapOffset(backend, out), height, width, k, relu ? 1 : 0);
  return out;
}

export interface AdjointAttrs {
  height: number;
  width: number;
  /** Positions as [c, tiles] rather than [tiles, c]. */
  transposed: boolean;
}

/**
 * The adjoint of `outputTransform` through its ReLU: image gradient dy [1, h, w, k], zeroed where
 * the layer's output `activated` is not positive (when given) → 36 × [tiles, k] or [k, tiles]:
 * dM = A dY Aᵀ.
 */
export function outputTransformAdjoint({
  inputs,
  backend,
  attrs,
}: {
  inputs: { dy: tf.TensorInfo; activated?: tf.TensorInfo };
  backend: BackendWasm;
  attrs: AdjointAttrs;
}): tf.TensorInfo[] {
  const { height, width, transposed } = attrs;
  const k = inputs.dy.shape[3];
  const tiles = tileCount(height, width);
  const outs = Array.from({ length: POSITIONS }, () => backend.makeOutput(transposed ? [k, tiles] : [tiles, k], 'float32'));
  const activated = inputs.activated ? heapOffset(backend, inputs.activated) : 0;
  const table = offsetTable(backend, outs);
  kernelsOf(backend).outputTransformAdjoint(heapOffset(backend, inputs.dy), activated, height, width, k, table, transposed ? 1 : 0);
  return outs;
}

/** The adjoint of `inputTransform`: 36 × [tiles, c] or [c, tiles] (inputs p0..p35) → image gradient [1, h, w, c]. */
export function inputTransformAdjoint({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, tf.TensorInfo>;
  backend: BackendWasm;
  attrs: AdjointAttrs;
}): tf.TensorInfo {
  const { height, width, transposed } = attrs;
  const channels = inputs.p0.shape[transposed ? 0 : 1];
  const out = backend.makeOutput([1, height, width, channels], 'float32');
  // The tiles' contributions are added up in place, from zero.
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const table = offsetTable(backend, positionsOf(inputs));
  kernelsOf(backend).inputTransformAdjoint(table, heapOffset(backend, out), height, width, channels, transposed ? 1 : 0);
  return out;
}
