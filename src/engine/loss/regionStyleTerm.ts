import * as tf from '@tensorflow/tfjs';
import type { Gradients } from '../network/vgg19';
import { layerResolution, type LayerName } from '../network/vgg19Architecture';
import type { StyleSettings } from '../settings';
import { gramMatrix, stockGramMatrix } from './gramMatrix';
import { styleLoss } from './losses';
import type { FeatureTerm } from './lossTerm';
import { disposeLayerRegion, layerRegion, regionGram, type LayerRegion } from './regionGram';
import type { RegionStyleTargets } from './regionStyleTargets';
import { normalisedLayers } from './styleTargets';

/** One region of the image: its index among the targets, its share of the styled area, and its positions at each layer. */
interface ImageRegion {
  index: number;
  share: number;
  layers: Map<LayerName, LayerRegion>;
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
    private readonly targets: RegionStyleTargets,
    private readonly weighted: [LayerName, number][],
    private readonly regions: ImageRegion[],
    private readonly gram: (features: tf.Tensor4D) => tf.Tensor2D,
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
    const atLayers = weighted.map(([layer]) => tf.image.resizeBilinear(masks, layerResolution(layer, height, width), false, true));
    const values = await Promise.all([masks, ...atLayers].map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(atLayers);
    const channel = (data: Float32Array, r: number) => Float32Array.from({ length: data.length / count }, (_, i) => data[i * count + r]);
    const areas = Array.from({ length: count }, (_, r) => channel(values[0], r).reduce((a, b) => a + b, 0));
    const styled = areas.reduce((a, b) => a + b, 0);
    if (!(styled > 0)) return undefined;
    const regions: ImageRegion[] = [];
    for (let r = 0; r < count; r++) {
      if (areas[r] <= 0) continue;
      const layers = new Map<LayerName, LayerRegion>();
      weighted.forEach(([layer], l) => {
        const region = layerRegion(channel(values[l + 1], r));
        if (region) layers.set(layer, region);
      });
      regions.push({ index: r, share: areas[r] / styled, layers });
    }
    return new RegionStyleTerm(targets, weighted, regions, gradients === 'fast' ? gramMatrix : stockGramMatrix);
  }

  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar {
    let sum: tf.Scalar = tf.scalar(0);
    for (const [layer, weight] of this.weighted) {
      const f = features.get(layer)!;
      for (const { index, share, layers } of this.regions) {
        const region = layers.get(layer);
        if (!region) continue;
        const loss = styleLoss(regionGram(f, region, this.gram), this.targets.get(index, layer));
        sum = tf.add(sum, tf.mul(loss, weight * share));
      }
    }
    return sum;
  }

  dispose(): void {
    for (const { layers } of this.regions) for (const region of layers.values()) disposeLayerRegion(region);
  }
}
