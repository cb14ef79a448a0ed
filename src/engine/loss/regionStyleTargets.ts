import * as tf from '@tensorflow/tfjs';
import { tileLayout, cropTile } from '../image/tiles';
import type { Vgg19 } from '../network/vgg19';
import type { LayerName, Pooling } from '../network/vgg19Architecture';
import { gramMatrix } from './gramMatrix';
import { lossTarget } from './losses';
import type { WeightedStyle } from './styleTargets';

/** Where a region takes its style from: one painting, over its own region there or (no mask) whole. */
export interface RegionSource {
  /** Index into the paintings. */
  style: number;
  /** [1, h, w, 1] on 0..1 over the painting, any size (it is fitted); undefined: the whole painting. */
  mask?: tf.Tensor4D;
}

/** Σ m² f fᵀ and Σ m² of one region of one painting at one layer, summed over the painting's tiles. */
interface Sums {
  products: tf.Tensor2D;
  /** On the device: reading it back would stall a GPU (and WebGPU cannot read synchronously). */
  mass: tf.Scalar;
}

/** A layer's targets, region after region, stacked once so that the style term reads them as they are. */
export interface StackedTargets {
  /** Each region's target Gram matrix, [regions, c, c]. */
  values: tf.Tensor3D;
  /** Each one's squared norm (plus the epsilon of losses.ts's lossTarget), [regions]. */
  energies: tf.Tensor1D;
}

/**
 * The Gram matrices each region of the output should have (semantic style transfer): for each
 * region and style layer, the blend by the paintings' weights of the Gram matrices over each
 * source painting's region. Computed once a scale, in the painting's tiles like StyleTargets.
 */
export class RegionStyleTargets {
  private constructor(private readonly targets: Map<LayerName, StackedTargets>) {}

  static compute(
    vgg: Vgg19,
    styles: WeightedStyle[],
    regions: RegionSource[][],
    layers: LayerName[],
    pooling: Pooling,
    tileSize: number,
    /** Added to the activations first (the style term's, e.g. INetwork's −1). */
    shift = 0,
  ): RegionStyleTargets {
    const used = regions.map((sources) => sources.filter(({ style }) => styles[style].weight > 0));
    if (used.some((sources) => sources.length === 0)) throw new Error('Every region needs a painting with a blend weight above 0');
    const blended = regions.map(() => new Map<LayerName, tf.Tensor2D>());
    const stacked = new Map<LayerName, StackedTargets>();
    try {
      // Each painting passes through the network once, for all the regions that take from it.
      styles.forEach(({ image, weight }, k) => {
        const wanted = used.flatMap((sources, r) => sources.filter(({ style }) => style === k).map(({ mask }) => ({ r, mask })));
        if (wanted.length === 0) return;
        const sums = regionSums(vgg, image, wanted.map(({ mask }) => mask), layers, pooling, tileSize, shift);
        wanted.forEach(({ r }, i) => {
          const share = weight / used[r].reduce((sum, { style }) => sum + styles[style].weight, 0);
          for (const [layer, { products, mass }] of sums[i]) {
            const [c] = products.shape;
            const previous = blended[r].get(layer);
            blended[r].set(layer, tf.tidy(() => tf.add(previous ?? tf.zeros([c, c]), tf.div(tf.mul(products, share / c), tf.add(mass, 1e-8)))));
            tf.dispose([products, mass]);
            previous?.dispose();
          }
        });
      });
      // A layer at a time, its regions' own matrices let go as their stack is made.
      for (const layer of layers) {
        stacked.set(layer, stackRegions(blended.map((region) => region.get(layer)!)));
        for (const region of blended) {
          region.get(layer)!.dispose();
          region.delete(layer);
        }
      }
      return new RegionStyleTargets(stacked);
    } catch (error) {
      for (const { values, energies } of stacked.values()) tf.dispose([values, energies]);
      throw error;
    } finally {
      for (const region of blended) tf.dispose([...region.values()]);
    }
  }

  /** Layer `layer`'s targets, one for each region (owned here: the caller must not dispose them). */
  at(layer: LayerName): StackedTargets {
    const target = this.targets.get(layer);
    if (!target) throw new Error(`No style targets at ${layer}`);
    return target;
  }

  dispose(): void {
    for (const { values, energies } of this.targets.values()) tf.dispose([values, energies]);
  }
}

/** The regions' Gram matrices of one layer as one stack, and their squared norms as lossTarget has them. */
function stackRegions(values: tf.Tensor2D[]): StackedTargets {
  return tf.tidy(() => ({ values: tf.stack(values) as tf.Tensor3D, energies: tf.stack(values.map((value) => lossTarget(value).energy)) as tf.Tensor1D }));
}

/**
 * Σ m² f fᵀ and Σ m² of each of a painting's regions (`masks`; undefined: the whole painting) at
 * each layer, the painting passed through the network once, in tiles.
 */
function regionSums(
  vgg: Vgg19,
  image: tf.Tensor4D,
  masks: (tf.Tensor4D | undefined)[],
  layers: LayerName[],
  pooling: Pooling,
  tileSize: number,
  shift: number,
): Map<LayerName, Sums>[] {
  const [, height, width] = image.shape;
  const fitted = masks.map((mask) => mask && (tf.image.resizeBilinear(mask, [height, width], false, true) as tf.Tensor4D));
  const sums = masks.map(() => new Map<LayerName, Sums>());
  try {
    for (const tile of tileLayout({ width, height }, tileSize)) {
      tf.tidy(() => {
        const features = vgg.features(cropTile(image, tile), layers, pooling);
        fitted.forEach((mask, i) => {
          const tileMask = mask && cropTile(mask, tile);
          for (const layer of layers) {
            const f = features.get(layer)!;
            const [, h, w, c] = f.shape;
            // A tidy of its own: the masked activations go before the next region's are made.
            const [products, mass] = tf.tidy(() => {
              const m = tileMask && (tf.image.resizeBilinear(tileMask, [h, w], false, true) as tf.Tensor4D);
              // gramMatrix averages over the h·w positions: times c·h·w it is the plain sum of products.
              const shifted = shift === 0 ? f : (tf.add(f, shift) as tf.Tensor4D);
              return [tf.mul(gramMatrix(m ? tf.mul(shifted, m) : shifted), c * h * w) as tf.Tensor2D, m ? (tf.sum(tf.square(m)) as tf.Scalar) : tf.scalar(h * w)];
            });
            const previous = sums[i].get(layer);
            sums[i].set(layer, {
              products: tf.keep(previous ? tf.add(previous.products, products) : products),
              mass: tf.keep(previous ? tf.add(previous.mass, mass) : mass),
            });
            if (previous) tf.dispose([previous.products, previous.mass]);
          }
        });
      });
    }
  } finally {
    tf.dispose(fitted.filter((mask): mask is tf.Tensor4D => mask !== undefined));
  }
  return sums;
}
