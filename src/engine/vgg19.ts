import * as tf from '@tensorflow/tfjs';
import { fastConvRelu, stockConvRelu, type ConvReluLayer } from './convRelu';
import { deepestLayerIndex, IMAGENET_MEAN_RGB, VGG19_LAYERS, type LayerName, type Pooling } from './vgg19Architecture';
import { fastMaxPoolAvailable, maxPool2x2 } from './pooling';
import { loadWeights, type ConvWeights, type ReadModelFile } from './weights';
import { winogradAvailable, winogradFits } from './winograd';

/** Which gradients the network uses: fast custom ones, or tfjs's stock ones (the baseline). */
export type Gradients = 'fast' | 'stock';

/** VGG19 as a feature extractor: images in, activations of the named ReLU layers out. */
export class Vgg19 {
  private readonly fast: ConvReluLayer[];
  private readonly stock: ConvReluLayer[];
  private readonly disposeFast: () => void;
  private readonly fastMaxPool: boolean;

  private constructor(private readonly weights: ConvWeights[]) {
    // Winograd pays on wasm for every layer but the first, whose 3 input channels do not fit
    // its 4-channel transforms (nor leave them much to save).
    const winograd = winogradAvailable();
    this.fastMaxPool = fastMaxPoolAvailable();
    const fast = weights.map((w) => fastConvRelu(w, winograd && winogradFits(w.kernel)));
    this.fast = fast.map((f) => f.layer);
    this.disposeFast = () => fast.forEach((f) => f.dispose());
    this.stock = weights.map(stockConvRelu);
  }

  /** Loads the uint8-quantised weights (manifest.json + one file a tensor) through readFile. */
  static async load(readFile: ReadModelFile, onProgress?: (loaded: number, total: number) => void): Promise<Vgg19> {
    const byName = await loadWeights(readFile, onProgress);
    const ordered = VGG19_LAYERS.map(({ conv }) => {
      const w = byName.get(conv);
      if (!w) throw new Error(`VGG19 weights lack layer ${conv}`);
      return w;
    });
    return new Vgg19(ordered);
  }

  /**
   * Activations of `layers` for an RGB image [1, h, w, 3] on the 0..255 scale.
   * The forward pass stops at the deepest layer asked for.
   */
  features(
    image: tf.Tensor4D,
    layers: Iterable<LayerName>,
    pooling: Pooling,
    gradients: Gradients = 'fast',
  ): Map<LayerName, tf.Tensor4D> {
    const wanted = new Set(layers);
    const last = deepestLayerIndex(wanted);
    const convs = gradients === 'fast' ? this.fast : this.stock;
    const out = new Map<LayerName, tf.Tensor4D>();
    let x: tf.Tensor4D = tf.sub(image, IMAGENET_MEAN_RGB as unknown as number[]);
    for (let i = 0; i <= last; i++) {
      x = convs[i](x);
      if (wanted.has(VGG19_LAYERS[i].relu)) out.set(VGG19_LAYERS[i].relu, x);
      if (VGG19_LAYERS[i].poolAfter && i < last) {
        if (pooling === 'avg') x = tf.avgPool(x, 2, 2, 'valid');
        else x = gradients === 'fast' && this.fastMaxPool ? maxPool2x2(x) : tf.maxPool(x, 2, 2, 'valid');
      }
    }
    return out;
  }

  dispose(): void {
    this.disposeFast();
    for (const { kernel, bias } of this.weights) {
      kernel.dispose();
      bias.dispose();
    }
  }
}
