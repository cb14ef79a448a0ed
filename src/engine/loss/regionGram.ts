import * as tf from '@tensorflow/tfjs';
import { profiled } from '../profile/stepProfile';
import { scaledGram } from './gramMatrix';
import { gatherMaskedRows, rowRange, scatterMaskedRows, type MaskedRows, type RowSpan } from './maskedRows';

/**
 * The regions of an image at one layer's resolution: the positions each covers and how much (a mask
 * downsampled to the layer is soft at the edges), region after region in one list, so that one
 * scatter serves them all. Regions share out the positions, so the Gram matrices of all the
 * regions of a layer cost about one Gram matrix of the whole layer.
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
  const positions = tf.tensor1d(rows, 'int32');
  return {
    rows: positions,
    // The same data: a reshape makes no copy.
    rowsNd: tf.reshape(positions, [rows.length, 1]),
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

/** What a layer's regions are held to. */
export interface LayerRegionTargets {
  /** Each region's target Gram matrix, [regions, c, c]. */
  values: tf.Tensor3D;
  /** Each region's weight, [regions]. */
  weights: tf.Tensor1D;
}

/**
 * Σ over a layer's regions of weight · ‖G − T‖², G the Gram matrix of the activations over the
 * region: Σ m² f fᵀ / (c · Σ m²), the average over the region's positions weighted by the mask, so
 * that it compares with a painting's. One custom op for all the regions: each region's masked rows
 * are gathered, used and let go in turn, and only the differences G − T are kept for the way back.
 * There the gradient at a position of a region is 2w m² ((G − T) + (G − T)ᵀ) f / (c · Σ m²), the
 * rows gathered again, and one scatter adds up all the regions'. Nothing as large as the layer
 * outlives the evaluation but the gradient itself.
 */
export function regionGramLoss(features: tf.Tensor4D, regions: LayerRegions, targets: LayerRegionTargets): tf.Scalar {
  const [, h, w, c] = features.shape;
  const norms = regions.masses.map((mass) => 1 / (c * mass));
  // In tidies: tfjs would keep a custom gradient's intermediates until the whole evaluation ends.
  const perRegion = (activations: tf.Tensor, use: (rows: tf.Tensor2D, r: number) => tf.Tensor) => {
    const f = tf.reshape(activations, [h * w, c]) as tf.Tensor2D;
    return regions.spans.map((span, r) => tf.tidy(() => use(gatherMaskedRows(f, regions, span), r)));
  };
  const loss = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    // The regions' Gram matrices let go as they are stacked, before the differences are made.
    const difference = profiled('gram', () => tf.tidy(() => tf.sub(tf.tidy(() => tf.stack(perRegion(x, (rows, r) => scaledGram(rows, norms[r])))), targets.values)));
    save([x, difference]);
    return {
      value: tf.tidy(() => tf.sum(tf.mul(tf.sum(tf.square(difference), [1, 2]), targets.weights))),
      gradFunc: (dy: tf.Tensor, [saved, kept]: tf.Tensor[]) =>
        profiled('gram', () =>
          tf.tidy(() => {
            // A tidy of its own: the [regions, c, c] steps to the factors go before the rows are gathered.
            const factors = tf.tidy(() => {
              const scale = tf.mul(tf.reshape(targets.weights, [-1, 1, 1]), tf.mul(dy, 2));
              return unstackRegions(tf.mul(tf.add(kept, tf.transpose(kept, [0, 2, 1])), scale));
            });
            const products = perRegion(saved, (rows, r) => tf.matMul(rows, tf.mul(factors[r], norms[r]))) as tf.Tensor2D[];
            return tf.reshape(scatterMaskedRows(products, regions, h * w), x.shape);
          }),
        ),
    };
  }) as Parameters<typeof tf.customGrad<tf.Scalar>>[0]);
  return loss(features);
}

/**
 * The same loss the plain way, each region's mask laid over the whole layer, through tfjs's own
 * gradients: the benchmark's baseline, and what regionGramLoss is checked against.
 */
export function stockRegionGramLoss(features: tf.Tensor4D, regions: LayerRegions, targets: LayerRegionTargets): tf.Scalar {
  const [, h, w, c] = features.shape;
  const f = tf.reshape(features, [h * w, c]);
  const count = regions.spans.length;
  const masks = tf.split(tf.scatterND(regionColumns(regions), tf.reshape(regions.weights, [-1]), [h * w, count]), count, 1);
  const grams = tf.stack(
    masks.map((mask, r) => {
      const masked = tf.mul(f, mask);
      return tf.div(tf.matMul(masked, masked, true, false), c * regions.masses[r]);
    }),
  );
  return tf.sum(tf.mul(tf.sum(tf.squaredDifference(grams, targets.values), [1, 2]), targets.weights));
}

/** [position, region] of each row of the list: where its weight goes in a [h·w, regions] matrix of masks. */
function regionColumns({ rowsNd, spans }: LayerRegions): tf.Tensor2D {
  const columns = spans.flatMap(({ count }, r) => new Array<number>(count).fill(r));
  return tf.tidy(() => tf.concat([rowsNd, tf.tensor2d(columns, [columns.length, 1], 'int32')], 1));
}
