import * as tf from '@tensorflow/tfjs';
import { gramMatrix } from './gramMatrix';
import { disposeTarget, lossTarget, type LossTarget } from './losses';
import type { LayerWeights } from '../settings';
import { tileLayout } from '../image/tiles';
import type { Vgg19 } from '../network/vgg19';
import type { LayerName, Pooling } from '../network/vgg19Architecture';

/** One painting and its share of the style, as neural-style's -style_blend_weights. */
export interface WeightedStyle {
  image: tf.Tensor4D;
  weight: number;
}

/** Layer names with their weights normalised to sum to 1, so adding a layer keeps the scale. */
export function normalisedLayers(layers: LayerWeights): [LayerName, number][] {
  const entries = Object.entries(layers).filter(([, w]) => w > 0) as [LayerName, number][];
  const sum = entries.reduce((a, [, w]) => a + w, 0);
  return entries.map(([name, w]) => [name, w / sum]);
}

/**
 * The Gram matrices a styled image should have: for each style layer, the blend of the
 * paintings' Gram matrices by their weights. Computed once a scale and shared by its tiles.
 */
export class StyleTargets {
  private constructor(private readonly targets: Map<LayerName, LossTarget>) {}

  /**
   * A painting larger than `tileSize` is passed through the network in tiles, whose Gram
   * matrices (averages over positions) are averaged by their number of positions. `shift` is
   * added to the activations first (the style term's, e.g. INetwork's −1).
   */
  static compute(
    vgg: Vgg19,
    styles: WeightedStyle[],
    layers: LayerName[],
    pooling: Pooling,
    tileSize: number,
    shift = 0,
  ): StyleTargets {
    const totalWeight = styles.reduce((sum, s) => sum + s.weight, 0);
    if (!(totalWeight > 0)) throw new Error('The style images need a blend weight above 0');
    const sums = new Map<LayerName, tf.Tensor2D>();
    for (const { image, weight } of styles) {
      if (weight <= 0) continue;
      const [, height, width] = image.shape;
      const tiles = tileLayout({ width, height }, tileSize);
      // Positions each layer sees, over all tiles, to average the tiles' Gram matrices.
      const positions = new Map<LayerName, number>();
      const perImage = new Map<LayerName, tf.Tensor2D>();
      for (const tile of tiles) {
        tf.tidy(() => {
          const crop = tf.slice(image, [0, tile.y, tile.x, 0], [1, tile.height, tile.width, 3]);
          const features = vgg.features(crop, layers, pooling);
          for (const layer of layers) {
            const f = features.get(layer)!;
            const n = f.shape[1] * f.shape[2];
            positions.set(layer, (positions.get(layer) ?? 0) + n);
            const previous = perImage.get(layer);
            // A tidy of its own: the shifted activations go before the next layer's are made.
            const weighted = tf.tidy(() => tf.mul(gramMatrix(shift === 0 ? f : tf.add(f, shift)), n)) as tf.Tensor2D;
            perImage.set(layer, tf.keep(previous ? tf.add(previous, weighted) : weighted));
            previous?.dispose();
          }
        });
      }
      for (const layer of layers) {
        const sum = perImage.get(layer)!;
        const share = tf.tidy(() => tf.mul(sum, weight / totalWeight / positions.get(layer)!)) as tf.Tensor2D;
        sum.dispose();
        const previous = sums.get(layer);
        sums.set(layer, previous ? tf.tidy(() => tf.add(previous, share)) : share);
        if (previous) {
          previous.dispose();
          share.dispose();
        }
      }
    }
    const targets = new Map<LayerName, LossTarget>();
    for (const [layer, value] of sums) targets.set(layer, lossTarget(value));
    return new StyleTargets(targets);
  }

  get(layer: LayerName): LossTarget {
    const target = this.targets.get(layer);
    if (!target) throw new Error(`No style target for ${layer}`);
    return target;
  }

  dispose(): void {
    for (const target of this.targets.values()) disposeTarget(target);
  }
}
