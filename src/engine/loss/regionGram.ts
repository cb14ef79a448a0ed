import * as tf from '@tensorflow/tfjs';

/**
 * One region of an image at one layer's resolution: the positions it covers and how much (a mask
 * downsampled to the layer is soft at the edges). Regions of a map share out the positions, so the
 * Gram matrices of all the regions of a layer cost about one Gram matrix of the whole layer.
 */
export interface LayerRegion {
  /** Positions (y·w + x) where the mask is above 0, as gather indices and as scatter indices. */
  rows: tf.Tensor1D;
  rowsNd: tf.Tensor2D;
  /** The mask at those positions, [n, 1]. */
  weights: tf.Tensor2D;
  /** n / Σ mask²: turns the Gram matrix of the n gathered rows into the mask-weighted average. */
  scale: number;
}

/** The mask's share of the positions below which a region is left out of a layer. */
const MIN_REGION_MASS = 1e-4;

/** The region of a mask (`mask` on 0..1, h·w values row by row), or undefined where it is empty. */
export function layerRegion(mask: Float32Array): LayerRegion | undefined {
  const rows: number[] = [];
  let mass = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] <= 0) continue;
    rows.push(i);
    mass += mask[i] * mask[i];
  }
  if (mass < MIN_REGION_MASS * mask.length) return undefined;
  return {
    rows: tf.tensor1d(rows, 'int32'),
    rowsNd: tf.tensor2d(rows, [rows.length, 1], 'int32'),
    weights: tf.tensor2d(rows.map((i) => mask[i]), [rows.length, 1]),
    scale: rows.length / mass,
  };
}

export function disposeLayerRegion(region: LayerRegion): void {
  tf.dispose([region.rows, region.rowsNd, region.weights]);
}

/**
 * The region's rows of a layer's activations [1, h, w, c], each times its mask value, as
 * [1, n, 1, c]. Its gradient scatters back to the region's positions (tfjs's own gather gradient
 * needs a kernel the wasm backend lacks).
 */
function maskedRows(features: tf.Tensor4D, region: LayerRegion): tf.Tensor4D {
  const [, h, w, c] = features.shape;
  const n = region.weights.shape[0];
  const rows = tf.customGrad(((x: tf.Tensor) => ({
    // In a tidy: a custom gradient's intermediates (the gathered rows) would live to the evaluation's end.
    value: tf.tidy(() => tf.reshape(tf.mul(tf.gather(tf.reshape(x, [h * w, c]), region.rows), region.weights), [1, n, 1, c])),
    gradFunc: (dy: tf.Tensor) => tf.reshape(tf.scatterND(region.rowsNd, tf.mul(tf.reshape(dy, [n, c]), region.weights), [h * w, c]), [1, h, w, c]),
  })) as Parameters<typeof tf.customGrad<tf.Tensor4D>>[0]);
  return rows(features);
}

/**
 * The Gram matrix of a layer's activations over a region: Σ m² f fᵀ / (c · Σ m²), the average over
 * the region's positions weighted by the mask, so that it compares with a painting's.
 */
export function regionGram(features: tf.Tensor4D, region: LayerRegion, gram: (f: tf.Tensor4D) => tf.Tensor2D): tf.Tensor2D {
  return tf.mul(gram(maskedRows(features, region)), region.scale);
}
