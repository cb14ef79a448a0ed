/// <reference types="@webgpu/types" />
// Node-only helpers for the command line, the tests and the benchmark: the browser never imports this.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { describeAdapterInfo, isHardwareAdapter } from './gpuAdapter';
import type { RgbaImage } from '../image/image';
import { MAX_INPUT_PIXELS, PICTURE_MESSAGES, sniffFormat, SNIFF_BYTES } from '../image/pictureFiles';
import type { ReadModelFile } from '../network/weights';

const require = createRequire(import.meta.url);

export const NODE_BACKENDS = ['wasm', 'webgpu', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/**
 * Gives Node a `navigator.gpu` from Dawn's binding (the npm package `webgpu`), then loads tfjs's
 * WebGPU backend, which registers itself only if `navigator.gpu` exists when it is imported.
 * Without a GPU, Dawn finds Mesa's lavapipe (llvmpipe) Vulkan driver.
 */
let webGpuInstalled: Promise<void> | undefined;
const installWebGpu = () => (webGpuInstalled ??= installDawn());

async function installDawn(): Promise<void> {
  // Mesa's Vulkan loader wants a runtime directory, which a CI shell may lack.
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { ...globalThis.navigator, gpu } });
  await import('@tensorflow/tfjs-backend-webgpu');
}

/** Dawn's adapter, or undefined where there is none (no Vulkan driver, no binding for this platform). */
async function webGpuAdapter(): Promise<GPUAdapter | undefined> {
  try {
    await installWebGpu();
    return (await (globalThis.navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter({ powerPreference: 'high-performance' })) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The WebGPU adapter's name in words ('llvmpipe (LLVM 19 ...)', 'NVIDIA H200', ...), if there is one. */
export async function webGpuAdapterName(): Promise<string | undefined> {
  const adapter = await webGpuAdapter();
  return adapter && describeAdapterInfo(adapter.info);
}

/** The backend a command-line run takes by itself: WebGPU on a real GPU, else wasm. */
export async function defaultNodeBackend(): Promise<NodeBackend> {
  const adapter = await webGpuAdapter();
  return adapter && isHardwareAdapter(adapter) ? 'webgpu' : 'wasm';
}

/** Starts tfjs on `backend` (wasm: SIMD, threads = all cores; webgpu: Dawn) and returns its name. */
export async function initNodeBackend(backend: NodeBackend = 'wasm'): Promise<string> {
  if (!NODE_BACKENDS.includes(backend)) throw new Error(`Unknown backend ${backend}: use one of ${NODE_BACKENDS.join(', ')}`);
  if (backend === 'webgpu' && !(await webGpuAdapter())) throw new Error('No WebGPU adapter was found (is a Vulkan driver installed?)');
  if (backend === 'wasm') {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + '/');
    setThreadsCount(availableParallelism());
  }
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend did not start (no WebGPU adapter?)`);
  await tf.ready();
  return tf.getBackend();
}

/** Reads the model from public/models/vgg19 (where `npm run model` puts it). */
export function diskModelReader(dir = resolve(import.meta.dirname ?? '.', '../../../public/models/vgg19')): ReadModelFile {
  return (filename) => readFile(join(dir, filename));
}

/**
 * Decodes a picture file as the browser does: upright (EXIF orientation), sRGB (CMYK and ICC profiles
 * converted), 8 bits, RGBA. libvips (sharp) reads JPEG, PNG, WebP, AVIF, GIF and TIFF; anything it
 * cannot, and SVG, empty and oversized files, are refused with PICTURE_MESSAGES' sentences.
 */
export async function readImageFile(path: string): Promise<RgbaImage> {
  const bytes = await readFile(path);
  if (bytes.length === 0) throw new Error(PICTURE_MESSAGES.empty(path));
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  if (format === 'SVG') throw new Error(PICTURE_MESSAGES.svg(path));
  // sharp's own pixel limit would refuse even the header without saying the size: MAX_INPUT_PIXELS is checked below.
  const picture = sharp(bytes, { autoOrient: true, limitInputPixels: false });
  const undecodable = () => {
    throw new Error(PICTURE_MESSAGES.undecodable(path, format, 'the command line'));
  };
  const { width, height } = (await picture.metadata().catch(undecodable)).autoOrient;
  if (width * height > MAX_INPUT_PIXELS) throw new Error(PICTURE_MESSAGES.tooLarge(path, width, height));
  const { data, info } = await picture
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(undecodable);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export function encodePng({ width, height, data }: RgbaImage): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
  return PNG.sync.write(png);
}
