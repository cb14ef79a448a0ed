import * as tf from '@tensorflow/tfjs';
import type { Vgg19 } from '../network/vgg19';
import type { LayerName } from '../network/vgg19Architecture';
import type { StyleSettings } from '../settings';
import { contentLoss, disposeTarget, lossTarget, type LossTarget } from './losses';
import type { FeatureTerm } from './lossTerm';
import { normalisedLayers } from './styleTargets';

/** How far the image's activations are from the photo's at the content layers, by their weights. */
export class ContentTerm implements FeatureTerm {
  readonly kind = 'features';
  readonly name = 'content';
  readonly layers: LayerName[];
  private readonly weighted: [LayerName, number][];
  private readonly targets = new Map<LayerName, LossTarget>();

  /** `content` is the photo (or its tile) at the image's size; the caller keeps it. */
  constructor(vgg: Vgg19, content: tf.Tensor4D, settings: Pick<StyleSettings, 'contentLayers' | 'pooling'>) {
    this.weighted = normalisedLayers(settings.contentLayers);
    this.layers = this.weighted.map(([layer]) => layer);
    // The targets are made inside a tidy (the other activations are dropped) and kept past its end.
    tf.tidy(() => {
      const features = vgg.features(content, this.layers, settings.pooling);
      for (const layer of this.layers) {
        const target = lossTarget(features.get(layer)!);
        this.targets.set(layer, { value: tf.keep(target.value), energy: tf.keep(target.energy) });
      }
    });
  }

  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar {
    let sum: tf.Scalar = tf.scalar(0);
    for (const [layer, weight] of this.weighted) {
      sum = tf.add(sum, tf.mul(contentLoss(features.get(layer)!, this.targets.get(layer)!), weight));
    }
    return sum;
  }

  dispose(): void {
    for (const target of this.targets.values()) disposeTarget(target);
  }
}
