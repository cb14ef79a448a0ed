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
      const bytes = checkedBytes(entry, data);
      const { scale, min_value } = entry.quantization;
      const values = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) values[i] = bytes[i] * scale + min_value;
      // Kernels are stored [w, h, in, out] (MatConvNet order): swap the first two axes.
      tensors.set(
        name,
        entry.shape.length === 4
          ? tf.tidy(() => tf.tensor4d(values, entry.shape as [number, number, number, number]).transpose([1, 0, 2, 3]))
          : tf.tensor1d(values),
      );
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
