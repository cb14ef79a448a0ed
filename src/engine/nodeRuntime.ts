// Node-only helpers for the command line, the tests and the benchmark: the browser never imports this.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from './image';
import type { ReadModelFile } from './weights';

const require = createRequire(import.meta.url);

/** Starts tfjs on the wasm backend (SIMD, threads = all cores) and returns its name. */
export async function initNodeBackend(backend: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (backend === 'wasm') {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + '/');
    setThreadsCount(availableParallelism());
  }
  await tf.setBackend(backend);
  await tf.ready();
  return tf.getBackend();
}

/** Reads the model from public/models/vgg19 (where `npm run model` puts it). */
export function diskModelReader(dir = resolve(import.meta.dirname ?? '.', '../../public/models/vgg19')): ReadModelFile {
  return (filename) => readFile(join(dir, filename));
}

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** Decodes a JPEG or PNG file; anything else is refused with a message that says so. */
export async function readImageFile(path: string): Promise<RgbaImage> {
  const bytes = new Uint8Array(await readFile(path));
  try {
    if (isJpeg(bytes)) {
      const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048 });
      return { width, height, data };
    }
    if (isPng(bytes)) {
      const { width, height, data } = PNG.sync.read(Buffer.from(bytes));
      return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    }
  } catch (error) {
    throw new Error(`${path} is a damaged image: ${(error as Error).message}`);
  }
  throw new Error(`${path} is neither a JPEG nor a PNG image`);
}

export function encodePng({ width, height, data }: RgbaImage): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
  return PNG.sync.write(png);
}
