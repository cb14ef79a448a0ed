import * as tf from '@tensorflow/tfjs';
import { fastConvRelu, stockConvRelu, type ConvRelu, type ConvReluLayer } from './convRelu';
import { deepestLayerIndex, IMAGENET_MEAN_RGB, VGG19_LAYERS, type LayerName, type Pooling } from './vgg19Architecture';
import { pool2x2, pool2x2Gradient } from './pooling';
import { loadWeights, type ConvWeights, type ReadModelFile } from './weights';
import { winogradAvailable, winogradFits } from './winograd';

/** Which gradients the network uses: its own backward pass, or tfjs's tape (the baseline). */
export type Gradients = 'fast' | 'stock';

/**
 * A forward pass kept for its backward pass: the activations of the asked layers, and what turns
 * gradients there into the gradient with respect to the image.
 */
export interface ForwardPass {
  features: Map<LayerName, tf.Tensor4D>;
  /**
   * Back-propagates `grads` (one per feature, taken over) to the image, freeing each layer's
   * activations and gradient as soon as it is past them; the features are gone afterwards.
   * tfjs's tape would keep every activation's gradient until the end: at 512 px that is most of
   * the memory of a step.
   */
  backward(grads: Map<LayerName, tf.Tensor4D>): tf.Tensor4D;
}

/** VGG19 as a feature extractor: images in, activations of the named ReLU layers out. */
export class Vgg19 {
  private readonly fast: ConvRelu[];
  private readonly stock: ConvReluLayer[];

  private constructor(private readonly weights: ConvWeights[]) {
    // Winograd pays on wasm for every layer but the first, whose 3 input channels do not fit
    // its 4-channel transforms (nor leave them much to save).
    const winograd = winogradAvailable();
    this.fast = weights.map((w) => fastConvRelu(w, winograd && winogradFits(w.kernel)));
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
   * Activations of `layers` for an RGB image [1, h, w, 3] on the 0..255 scale, for use without
   * gradients, or under tfjs's tape with the stock layers (the baseline).
   * The forward pass stops at the deepest layer asked for.
   */
  features(image: tf.Tensor4D, layers: Iterable<LayerName>, pooling: Pooling, gradients: Gradients = 'fast'): Map<LayerName, tf.Tensor4D> {
    const wanted = new Set(layers);
    const last = deepestLayerIndex(wanted);
    const out = new Map<LayerName, tf.Tensor4D>();
    let x: tf.Tensor4D = tf.sub(image, IMAGENET_MEAN_RGB as unknown as number[]);
    for (let i = 0; i <= last; i++) {
      x = gradients === 'fast' ? this.fast[i].forward(x) : this.stock[i](x);
      if (wanted.has(VGG19_LAYERS[i].relu)) out.set(VGG19_LAYERS[i].relu, x);
      if (VGG19_LAYERS[i].poolAfter && i < last) x = pool2x2(x, pooling);
    }
    return out;
  }

  /** The forward pass of `features`, kept for the network's own backward pass. */
  forward(image: tf.Tensor4D, layers: Iterable<LayerName>, pooling: Pooling): ForwardPass {
    const wanted = new Set(layers);
    const last = deepestLayerIndex(wanted);
    const activations: tf.Tensor4D[] = [];
    /** Each block's pooled output (the max-pool gradient reads it), by the index of the layer before. */
    const pooled = new Map<number, tf.Tensor4D>();
    const features = new Map<LayerName, tf.Tensor4D>();
    const input = tf.sub(image, IMAGENET_MEAN_RGB as unknown as number[]) as tf.Tensor4D;
    let x = input;
    for (let i = 0; i <= last; i++) {
      activations.push(this.fast[i].forward(x));
      // The convolutions' input gradients need only their outputs.
      if (x === input) input.dispose();
      if (wanted.has(VGG19_LAYERS[i].relu)) features.set(VGG19_LAYERS[i].relu, activations[i]);
      if (VGG19_LAYERS[i].poolAfter && i < last) {
        x = pool2x2(activations[i], pooling);
        pooled.set(i, x);
      } else {
        x = activations[i];
      }
    }
    return {
      features,
      backward: (grads) => {
        let dy: tf.Tensor4D | undefined;
        for (let i = last; ; i--) {
          const atLayer = grads.get(VGG19_LAYERS[i].relu);
          if (atLayer) dy = dy ? addAndFree(dy, atLayer) : atLayer;
          if (!dy) throw new Error('The backward pass needs the gradient of the deepest feature');
          const dx = this.fast[i].backward(dy, activations[i]);
          dy.dispose();
          if (i === 0) {
            activations[0].dispose();
            return dx;
          }
          activations[i].dispose();
          const before = pooled.get(i - 1);
          if (before) {
            dy = pool2x2Gradient(dx, activations[i - 1], before, pooling);
            dx.dispose();
            before.dispose();
          } else {
            dy = dx;
          }
        }
      },
    };
  }

  dispose(): void {
    for (const layer of this.fast) layer.dispose();
    for (const { kernel, bias } of this.weights) {
      kernel.dispose();
      bias.dispose();
    }
  }
}

function addAndFree(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  const sum = tf.add(a, b) as tf.Tensor4D;
  a.dispose();
  b.dispose();
  return sum;
}
