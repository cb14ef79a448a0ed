// What the network's activations on a picture look like, in a few numbers that travel light
// (out of a worker, into a test): the measure the golden activations are given in.
import * as tf from '@tensorflow/tfjs';
import { gramMatrix } from '../loss/gramMatrix';
import type { Vgg19 } from '../network/vgg19';
import type { LayerName, Pooling } from '../network/vgg19Architecture';

/** [row, column, channel] of one activation. */
export type Probe = [number, number, number];

export interface FeatureSummary {
  /** [height, width, channels]. */
  shape: number[];
  mean: number;
  std: number;
  max: number;
  /** The activations at the probes asked for, in their order. */
  probes: number[];
  /** Of the Gram matrix G = FᵀF / (c·h·w): the sum, the trace, G[0][0], G[0][1] and the last entry. */
  gram: { sum: number; trace: number; g00: number; g01: number; glast: number };
}

/** A picture as floats, RGB row by row, 0..255 (not rounded to bytes as an RgbaImage is). */
export interface FloatImage {
  width: number;
  height: number;
  rgb: Float32Array;
}

async function summarise(f: tf.Tensor4D, probes: Probe[]): Promise<FeatureSummary> {
  const [, , w, c] = f.shape;
  const values = (await f.data()) as Float32Array;
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const gram = gramMatrix(f);
  const g = (await gram.data()) as Float32Array;
  gram.dispose();
  return {
    shape: f.shape.slice(1),
    mean,
    std,
    max: values.reduce((a, b) => Math.max(a, b), -Infinity),
    probes: probes.map(([row, col, channel]) => values[(row * w + col) * c + channel]),
    gram: {
      sum: g.reduce((a, b) => a + b, 0),
      trace: Array.from({ length: c }, (_, i) => g[i * c + i]).reduce((a, b) => a + b, 0),
      g00: g[0],
      g01: g[1],
      glast: g[c * c - 1],
    },
  };
}

/** The summaries of the activations of the layers `probes` names, on `image`. */
export async function summariseFeatures(
  vgg: Vgg19,
  { width, height, rgb }: FloatImage,
  pooling: Pooling,
  probes: Partial<Record<LayerName, Probe[]>>,
): Promise<Partial<Record<LayerName, FeatureSummary>>> {
  const layers = Object.keys(probes) as LayerName[];
  const input = tf.tensor4d(rgb, [1, height, width, 3]);
  const features = vgg.features(input, layers, pooling);
  try {
    const summaries: Partial<Record<LayerName, FeatureSummary>> = {};
    for (const layer of layers) summaries[layer] = await summarise(features.get(layer)!, probes[layer]!);
    return summaries;
  } finally {
    tf.dispose([input, ...features.values()]);
  }
}
