import * as tf from '@tensorflow/tfjs';
import { LAYER_NAMES, type LayerName } from '../network/vgg19Architecture';
import type { LayerWeights, StyleSettings } from '../settings';
import type { FeatureTerm } from './lossTerm';

/**
 * INetwork's shift of the activations before their Gram matrix (its gram_matrix takes features − 1;
 * Novak & Nikulin's "activation shift"): a ReLU's many zeros then count in the correlations too.
 */
export const INETWORK_SHIFT = -1;

/**
 * The weight of each layer's style loss in INetwork's chain Σᵢ aᵢ · (Lᵢ − Lᵢ₊₁) over adjacent
 * layers, aᵢ = 2^(i − (n − 2)) for n layers: the links' weights double with depth, the last one 1.
 * A chain of differences with fixed weights telescopes: layer k weighs aₖ − aₖ₋₁ = 2^(k − n + 1),
 * except the first (a₀) and the deepest, which INetwork's own chain leaves at −1 (its weights sum to
 * 0). With the engine's relative losses a negative weight would push that layer's Gram matrix
 * away from the painting's without bound, so the chain is closed by one more link of the series,
 * from the deepest layer to a perfect match (loss 0, weight 2): the deepest layer weighs +1 and every
 * layer's loss goes down as the term does.
 */
export function chainLayerWeights(layers: readonly LayerName[]): LayerWeights {
  const n = layers.length;
  const link = (i: number) => (i < 0 ? 0 : 2 ** (i - (n - 2)));
  return Object.fromEntries(layers.map((layer, k) => [layer, link(k) - link(k - 1)]));
}

/** INetwork's style layers: every convolution of VGG19 (after its ReLU), conv1_1 to conv5_4. */
export const INETWORK_LAYER_WEIGHTS: LayerWeights = chainLayerWeights(LAYER_NAMES);

/** The style layers and weights the run's style term uses: INetwork's chain ignores the chosen layers. */
export function styleLayerWeights(settings: Pick<StyleSettings, 'styleTerm' | 'styleLayers'>): LayerWeights {
  return settings.styleTerm === 'inetwork' ? INETWORK_LAYER_WEIGHTS : settings.styleLayers;
}

/** What the style term adds to the activations before their Gram matrices (the paintings' too). */
export function activationShift(settings: Pick<StyleSettings, 'styleTerm'>): number {
  return settings.styleTerm === 'inetwork' ? INETWORK_SHIFT : 0;
}

/**
 * INetwork's style term (Novak & Nikulin, "Improving the Neural Algorithm of Artistic Style"):
 * a Gram term built at the chain's layer weights (`chainLayerWeights`: plain, masked or by region,
 * over one painting or a blend, whose targets were computed with the same shift), given the
 * activations shifted by INETWORK_SHIFT.
 */
export class InetworkStyleTerm implements FeatureTerm {
  readonly kind = 'features';
  readonly name = 'style';
  readonly layers: readonly LayerName[];

  /** Owns `chained` and disposes it. */
  constructor(private readonly chained: FeatureTerm) {
    this.layers = chained.layers;
  }

  loss(features: ReadonlyMap<LayerName, tf.Tensor4D>): tf.Scalar {
    const shifted = new Map(this.layers.map((layer) => [layer, tf.add(features.get(layer)!, INETWORK_SHIFT) as tf.Tensor4D]));
    return this.chained.loss(shifted);
  }

  dispose(): void {
    this.chained.dispose();
  }
}
