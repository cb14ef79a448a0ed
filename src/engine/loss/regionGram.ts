import * as tf from '@tensorflow/tfjs';
import { profiled } from '../profile/stepProfile';
import { scaledGram } from './gramMatrix';
import { gatherMaskedRows, rowRange, scatterMaskedRows, type MaskedRows, type RowSpan } from './maskedRows';

/**
 * The regions of an image at one layer's resolution: the positions each covers and how much (a mask
 * downsampled to the layer is soft at the edges), region after region in one list, so that one
 * gather and one scatter serve them all. Regions share out the positions, so the Gram matrices of
 * all the regions of a layer cost about one Gram matrix of the whole layer.
 */
export interface LayerRegions extends MaskedRows {
  /** Which of the masks each region of the list is (those with room at this layer). */
  members: number[];
  /** Each region's entries of the list, and Σ mask² over them. */
  spans: RowSpan[];
  masses: number[];
}

/** The mask's share of the positions below which a region is left out of a layer. */
const MIN_REGION_MASS = 1e-4;

/** The regions of masks (each on 0..1, h·w values row by row), or undefined where none has room. */
export function layerRegions(masks: Float32Array[]): LayerRegions | undefined {
  const rows: number[] = [];
  const weights: number[] = [];
  const members: number[] = [];
  const spans: RowSpan[] = [];
  const masses: number[] = [];
  masks.forEach((mask, r) => {
    const start = rows.length;
    let mass = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] <= 0) continue;
      rows.push(i);
      weights.push(mask[i]);
      mass += mask[i] * mask[i];
    }
    if (mass < MIN_REGION_MASS * mask.length) {
      rows.length = weights.length = start;
      return;
    }
    members.push(r);
    spans.push({ start, count: rows.length - start });
    masses.push(mass);
  });
  if (members.length === 0) return undefined;
  return {
    rows: tf.tensor1d(rows, 'int32'),
    rowsNd: tf.tensor2d(rows, [rows.length, 1], 'int32'),
    weights: tf.tensor2d(weights, [weights.length, 1]),
    members,
    spans,
    masses,
  };
}

export function disposeLayerRegions(regions: LayerRegions): void {
  tf.dispose([regions.rows, regions.rowsNd, regions.weights]);
}

/** The matrices [c, c] of a stack [regions, c, c]. */
function unstackRegions(stack: tf.Tensor): tf.Tensor2D[] {
  const [count, c] = stack.shape;
  const rows = tf.reshape(stack, [count * c, c]) as tf.Tensor2D;
  return Array.from({ length: count }, (_, r) => rowRange(rows, { start: r * c, count: c }));
}

/**
 * The Gram matrix of a layer's activations over each region, [regions, c, c]: Σ m² f fᵀ / (c · Σ m²),
 * the average over the region's positions weighted by the mask, so that it compares with a
 * painting's. Each region's masked rows are gathered, used and let go in turn; on the way back
 * one scatter adds up all the regions' gradients, m² (dG + dGᵀ) f / (c · Σ m²) at a position of
 * a region. The gradient gathers the rows again rather than keep them: nothing as large as the
 * layer outlives the evaluation but the gradient itself.
 */
export function regionGrams(features: tf.Tensor4D, regions: LayerRegions): tf.Tensor3D {
  const [, h, w, c] = features.shape;
  const norms = regions.masses.map((mass) => 1 / (c * mass));
  // In tidies: tfjs would keep a custom gradient's intermediates until the whole evaluation ends.
  const perRegion = (activations: tf.Tensor, use: (rows: tf.Tensor2D, r: number) => tf.Tensor) => {
    const f = tf.reshape(activations, [h * w, c]) as tf.Tensor2D;
    return regions.spans.map((span, r) => tf.tidy(() => use(gatherMaskedRows(f, regions, span), r)));
  };
  const grams = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: profiled('gram', () => tf.tidy(() => tf.stack(perRegion(x, (rows, r) => scaledGram(rows, norms[r]))))),
      gradFunc: (dg: tf.Tensor, [saved]: tf.Tensor[]) =>
        profiled('gram', () =>
          tf.tidy(() => {
            const symmetric = unstackRegions(tf.add(dg, tf.transpose(dg, [0, 2, 1])));
            const products = perRegion(saved, (rows, r) => tf.matMul(rows, tf.mul(symmetric[r], norms[r]))) as tf.Tensor2D[];
            return tf.reshape(scatterMaskedRows(products, regions, h * w), x.shape);
          }),
        ),
    };
  }) as Parameters<typeof tf.customGrad<tf.Tensor3D>>[0]);
  return grams(features);
}

/**
 * The same Gram matrices the plain way, each region's mask laid over the whole layer, through
 * tfjs's own gradients: the benchmark's baseline, and what regionGrams is checked against.
 */
export function stockRegionGrams(features: tf.Tensor4D, regions: LayerRegions): tf.Tensor3D {
  const [, h, w, c] = features.shape;
  const f = tf.reshape(features, [h * w, c]);
  const count = regions.spans.length;
  const masks = tf.split(tf.scatterND(regionColumns(regions), tf.reshape(regions.weights, [-1]), [h * w, count]), count, 1);
  return tf.stack(
    masks.map((mask, r) => {
      const masked = tf.mul(f, mask);
      return tf.div(tf.matMul(masked, masked, true, false), c * regions.masses[r]);
    }),
  ) as tf.Tensor3D;
}

/** [position, region] of each row of the list: where its weight goes in a [h·w, regions] matrix of masks. */
function regionColumns({ rowsNd, spans }: LayerRegions): tf.Tensor2D {
  const columns = spans.flatMap(({ count }, r) => new Array<number>(count).fill(r));
  return tf.tidy(() => tf.concat([rowsNd, tf.tensor2d(columns, [columns.length, 1], 'int32')], 1));
}
