/** The VGG19 convolutional stack, as the shared weights and the golden activations define it. */

/** ImageNet mean pixel, RGB, on the 0..255 scale: subtracted before the first convolution. */
export const IMAGENET_MEAN_RGB = [123.68, 116.779, 103.939] as const;

/** Convolution blocks: each entry is one block of 3x3 conv+ReLU layers, then a 2x2 pool. */
const BLOCKS = [2, 2, 4, 4, 4] as const;
/** Channels of every activation in each block; each block works at half the last one's resolution. */
const BLOCK_CHANNELS = [64, 128, 256, 512, 512] as const;

export type Pooling = 'max' | 'avg';

export type LayerName = `relu${1 | 2 | 3 | 4 | 5}_${1 | 2 | 3 | 4}`;

export interface ConvLayer {
  /** Name of the weights, e.g. conv3_2. */
  conv: string;
  /** Name of the activation after its ReLU, e.g. relu3_2: the names users pick layers by. */
  relu: LayerName;
  /** True when a 2x2 pool follows this layer (the last layer of a block). */
  poolAfter: boolean;
  /** Channels the convolution reads and writes. */
  inChannels: number;
  outChannels: number;
}

export const VGG19_LAYERS: readonly ConvLayer[] = BLOCKS.flatMap((count, b) =>
  Array.from({ length: count }, (_, i) => ({
    conv: `conv${b + 1}_${i + 1}`,
    relu: `relu${b + 1}_${i + 1}` as LayerName,
    poolAfter: i === count - 1,
    // A block's first layer reads the block before's channels; conv1_1 reads the picture's RGB.
    inChannels: i > 0 ? BLOCK_CHANNELS[b] : (BLOCK_CHANNELS[b - 1] ?? IMAGENET_MEAN_RGB.length),
    outChannels: BLOCK_CHANNELS[b],
  })),
);

export const LAYER_NAMES: readonly LayerName[] = VGG19_LAYERS.map((l) => l.relu);

/** Index of the deepest of the given layers in the stack: the forward pass stops there. */
export function deepestLayerIndex(layers: Iterable<LayerName>): number {
  let deepest = -1;
  for (const name of layers) deepest = Math.max(deepest, LAYER_NAMES.indexOf(name));
  return deepest;
}

/** Height and width of a layer's activations for an input of `height`×`width` (2x2 valid pools). */
export function layerResolution(layer: LayerName, height: number, width: number): [number, number] {
  const pools = Number(layer[4]) - 1;
  return [Math.floor(height / 2 ** pools), Math.floor(width / 2 ** pools)];
}

/**
 * Floats in the widest activation for an input of `pixels` pixels (conv1's 64 channels at full
 * resolution; each later block has twice the channels on a quarter of the pixels).
 */
export function widestActivationFloats(pixels: number): number {
  return Math.max(...BLOCK_CHANNELS.map((channels, b) => (channels * pixels) / 4 ** b));
}
