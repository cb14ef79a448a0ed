import * as tf from '@tensorflow/tfjs';
import type { Gradients } from '../network/vgg19';
import { layerResolution, type LayerName } from '../network/vgg19Architecture';
import type { StyleSettings } from '../settings';
import type { FeatureTerm } from './lossTerm';
import { disposeLayerRegions, layerRegions, regionGramLoss, stockRegionGramLoss, type LayerRegions, type LayerRegionTargets } from './regionGram';
import type { RegionStyleTargets } from './regionStyleTargets';
import { normalisedLayers } from './styleTargets';

/**
 * A layer's regions and the Gram matrices they are held to; each region weighs its share of the
 * styled area over its target's squared norm (the relative error of losses.ts).
 */
interface LayerTerm {
  regions: LayerRegions;
  targets: LayerRegionTargets;
  /** What the term made and disposes: the weights, and the targets where it had to gather them. */
  owned: tf.Tensor[];
}

/**
 * Semantic style transfer's style term: each region of the image is compared with its own target
 * (its painting's region of the same colour), every region of a layer in the same forward pass;
 * the regions count by their share of the styled area, so the term keeps the plain term's scale.
 */
export class RegionStyleTerm implements FeatureTerm {
  readonly kind = 'features';
  readonly name = 'style';
  readonly layers: LayerName[];

  private constructor(
    private readonly weighted: [LayerName, number][],
    private readonly atLayers: Map<LayerName, LayerTerm>,
    private readonly layerLoss: typeof regionGramLoss,
  ) {
    this.layers = weighted.map(([layer]) => layer);
  }

  /**
   * The term over an image whose regions are `masks` ([1, h, w, regions] on 0..1, a channel for each
   * target region, the image's size; the caller keeps it). Undefined where no region covers any of it.
   */
  static async create(
    targets: RegionStyleTargets,
    masks: tf.Tensor4D,
    settings: Pick<StyleSettings, 'styleLayers'>,
    gradients: Gradients = 'fast',
  ): Promise<RegionStyleTerm | undefined> {
    const weighted = normalisedLayers(settings.styleLayers);
    const [, height, width, count] = masks.shape;
    // All regions at each layer's resolution, read back together once.
    const resized = weighted.map(([layer]) => tf.image.resizeBilinear(masks, layerResolution(layer, height, width), false, true));
    const values = await Promise.all([masks, ...resized].map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(resized);
    const channel = (data: Float32Array, r: number) => Float32Array.from({ length: data.length / count }, (_, i) => data[i * count + r]);
    const areas = Array.from({ length: count }, (_, r) => channel(values[0], r).reduce((a, b) => a + b, 0));
    const styled = areas.reduce((a, b) => a + b, 0);
    if (!(styled > 0)) return undefined;
    const present = areas.flatMap((area, r) => (area > 0 ? [r] : []));
    const atLayers = new Map<LayerName, LayerTerm>();
    weighted.forEach(([layer], l) => {
      const regions = layerRegions(present.map((r) => channel(values[l + 1], r)));
      if (!regions) return;
      const wanted = regions.members.map((member) => present[member]);
      const stacked = targets.at(layer);
      // Usually every region is here and has room at the layer: the targets' own stack, not a copy.
      const whole = wanted.length === stacked.values.shape[0] && wanted.every((r, i) => r === i);
      const targetValues = whole ? stacked.values : tf.tidy(() => tf.gather(stacked.values, wanted) as tf.Tensor3D);
      const weights = tf.tidy(() => tf.div(wanted.map((r) => areas[r] / styled), whole ? stacked.energies : tf.gather(stacked.energies, wanted)) as tf.Tensor1D);
      atLayers.set(layer, { regions, targets: { values: targetValues, weights }, owned: whole ? [weights] : [targetValues, weights] });
    });
    return new RegionStyleTerm(weighted, atLayers, gradients === 'fast' ? regionGramLoss : stockRegionGramLoss);
  }

  /** Σ over layers and regions of weight · share · ‖G − T‖² / ‖T‖² (the relative error of losses.ts), a layer's regions at once. */
  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar {
    let sum: tf.Scalar = tf.scalar(0);
    for (const [layer, weight] of this.weighted) {
      const atLayer = this.atLayers.get(layer);
      if (!atLayer) continue;
      sum = tf.add(sum, tf.mul(this.layerLoss(features.get(layer)!, atLayer.regions, atLayer.targets), weight));
    }
    return sum;
  }

  dispose(): void {
    for (const { regions, owned } of this.atLayers.values()) {
      disposeLayerRegions(regions);
      tf.dispose(owned);
    }
  }
}
