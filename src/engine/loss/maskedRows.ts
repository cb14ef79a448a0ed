import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, kernelsOf, wasmKernelsAvailable } from '../network/wasmKernels';

/** Positions of a layer's activations ([h·w, c] row by row) and a weight for each. */
export interface MaskedRows {
  /** The positions, as gather indices [n] and as scatter indices [n, 1]. */
  rows: tf.Tensor1D;
  rowsNd: tf.Tensor2D;
  /** [n, 1]. */
  weights: tf.Tensor2D;
}

/** A run of consecutive entries of a MaskedRows list. */
export interface RowSpan {
  start: number;
  count: number;
}

const GATHER_ROWS = 'EngineGatherRows';
const SCATTER_ROWS = 'EngineScatterRows';
const ROW_RANGE = 'EngineRowRange';

type Wasm = { backend: BackendWasm };
const FLOAT_BYTES = 4;

function gatherRowsKernel({ inputs: { values, rows, weights }, backend, attrs: { start, count } }: Wasm & { inputs: Record<string, tf.TensorInfo>; attrs: RowSpan }): tf.TensorInfo {
  const c = values.shape[1];
  const out = backend.makeOutput([count, c], 'float32');
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  kernelsOf(backend).gatherRows(at(values), at(rows) + start * FLOAT_BYTES, at(weights) + start * FLOAT_BYTES, count, c, at(out));
  return out;
}

/** Inputs rows, weights, and the spans' values as values0, values1, ... */
function scatterRowsKernel({ inputs, backend, attrs: { positions, starts } }: Wasm & { inputs: Record<string, tf.TensorInfo>; attrs: { positions: number; starts: number[] } }): tf.TensorInfo {
  const c = inputs.values0.shape[1];
  const out = backend.makeOutput([positions, c], 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  starts.forEach((start, i) => {
    const values = inputs[`values${i}`];
    kernelsOf(backend).scatterRows(at(values), at(inputs.rows) + start * FLOAT_BYTES, at(inputs.weights) + start * FLOAT_BYTES, values.shape[0], c, at(out));
  });
  return out;
}

function rowRangeKernel({ inputs: { x }, backend, attrs: { start, count } }: Wasm & { inputs: { x: tf.TensorInfo }; attrs: RowSpan }): tf.TensorInfo {
  const c = x.shape[1];
  const out = backend.makeOutput([count, c], x.dtype);
  // Views taken after makeOutput, which may grow the heap.
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(start * c, (start + count) * c));
  return out;
}

/**
 * Rows start..start+count of a matrix [m, c]. On wasm a copy of those rows alone: tfjs-wasm's slice
 * first reads the whole matrix out of the heap.
 */
export function rowRange(x: tf.Tensor2D, { start, count }: RowSpan): tf.Tensor2D {
  if (wasmKernelsAvailable({ [ROW_RANGE]: rowRangeKernel as never })) return tf.engine().runKernel(ROW_RANGE, { x }, { start, count }) as tf.Tensor2D;
  return tf.slice(x, [start, 0], [count, -1]);
}

/** On wasm the engine's kernels (wasm/rows.c) copy whole rows: tfjs-wasm's gather copies a float at a time. */
const rowKernels = (channels: number) =>
  channels % 4 === 0 && wasmKernelsAvailable({ [GATHER_ROWS]: gatherRowsKernel as never, [SCATTER_ROWS]: scatterRowsKernel as never });

/** The rows of `values` [m, c] at a span of the list's positions, each times its weight: [count, c]. */
export function gatherMaskedRows(values: tf.Tensor2D, { rows, weights }: MaskedRows, span: RowSpan): tf.Tensor2D {
  if (rowKernels(values.shape[1])) return tf.engine().runKernel(GATHER_ROWS, { values, rows, weights }, { ...span }) as tf.Tensor2D;
  return tf.tidy(() => tf.mul(tf.gather(values, tf.slice(rows, span.start, span.count)), tf.slice(weights, span.start, span.count)));
}

/**
 * The adjoint of gatherMaskedRows over consecutive spans that together make the whole list: each
 * row of each of `values` times its weight, added up at its position in a [positions, c] matrix of
 * zeros (a position listed twice gets both).
 */
export function scatterMaskedRows(values: tf.Tensor2D[], { rows, rowsNd, weights }: MaskedRows, positions: number): tf.Tensor2D {
  const c = values[0].shape[1];
  if (rowKernels(c)) {
    const starts = values.map((_, i) => values.slice(0, i).reduce((sum, v) => sum + v.shape[0], 0));
    const named = Object.fromEntries(values.map((v, i) => [`values${i}`, v]));
    return tf.engine().runKernel(SCATTER_ROWS, { rows, weights, ...named }, { positions, starts }) as tf.Tensor2D;
  }
  // The joined rows go before the scatter makes its [positions, c].
  return tf.tidy(() => tf.scatterND(rowsNd, tf.tidy(() => tf.mul(tf.concat(values), weights)), [positions, c]));
}
