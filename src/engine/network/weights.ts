import * as tf from '@tensorflow/tfjs';
import { md5 } from './md5';

/** The manifest.json that comes with the uint8-quantised VGG19 weights (shared/models/vgg19). */
export interface WeightsManifest {
  weights: Record<
    string,
    {
      filename: string;
      shape: number[];
      quantization: { dtype: 'uint8'; scale: number; min_value: number };
      checksum: string;
    }
  >;
}

/** Reads one file of the model folder by name: fetch in the browser, fs in Node. */
export type ReadModelFile = (filename: string) => Promise<ArrayBuffer | Uint8Array>;

export interface ConvWeights {
  /** [3, 3, in, out], the usual NHWC filter layout. */
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** The bytes of one weight file, checked against the manifest: a damaged file is never run. */
function checkedBytes(entry: WeightsManifest['weights'][string], data: ArrayBuffer | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(data);
  const expected = entry.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new Error(`VGG19 weight file ${entry.filename} is incomplete: ${bytes.length} bytes, expected ${expected}`);
  }
  if (md5(bytes) !== entry.checksum) {
    throw new Error(`VGG19 weight file ${entry.filename} is damaged: its MD5 checksum does not match the manifest`);
  }
  return bytes;
}

/** Kernels are stored [w, h, in, out] (MatConvNet order); the engine's are [h, w, in, out]. */
const kernelShape = ([w, h, inputs, outputs]: number[]): [number, number, number, number] => [h, w, inputs, outputs];

/**
 * value = q * scale + min_value, with a kernel's first two axes swapped on the way (a transpose
 * after upload would copy all 20 MB once more).
 */
function dequantised(entry: WeightsManifest['weights'][string], bytes: Uint8Array): Float32Array {
  const { scale, min_value } = entry.quantization;
  const values = new Float32Array(bytes.length);
  const [w, h] = entry.shape.length === 4 ? entry.shape : [1, 1];
  const block = bytes.length / (w * h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const from = (x * h + y) * block;
      const to = (y * w + x) * block;
      for (let i = 0; i < block; i++) values[to + i] = bytes[from + i] * scale + min_value;
    }
  }
  return values;
}

/** Loads, checks and dequantises every conv layer: value = q * scale + min_value. */
export async function loadWeights(
  readFile: ReadModelFile,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Map<string, ConvWeights>> {
  const manifest = JSON.parse(
    new TextDecoder().decode(new Uint8Array(await readFile('manifest.json'))),
  ) as WeightsManifest;
  const names = Object.keys(manifest.weights);
  const tensors = new Map<string, tf.Tensor>();
  let loaded = 0;
  // Every read settles before a failure is reported, so that no tensor is made after the clean-up.
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const entry = manifest.weights[name];
      const data = await readFile(entry.filename).catch((error: unknown) => {
        throw new Error(`VGG19 weight file ${entry.filename} could not be read (${error instanceof Error ? error.message : error})`);
      });
      const values = dequantised(entry, checkedBytes(entry, data));
      tensors.set(name, entry.shape.length === 4 ? tf.tensor4d(values, kernelShape(entry.shape)) : tf.tensor1d(values));
      onProgress?.(++loaded, names.length);
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    tf.dispose([...tensors.values()]);
    throw failure.reason;
  }
  const layers = new Map<string, ConvWeights>();
  for (const name of names) {
    const [layer, kind] = name.split('/');
    if (kind !== 'kernel') continue;
    layers.set(layer, {
      kernel: tensors.get(name) as tf.Tensor4D,
      bias: tensors.get(`${layer}/bias`) as tf.Tensor1D,
    });
  }
  return layers;
}
