/// <reference types="@webgpu/types" />
// Node-only set-up for the command line, the tests and the benchmark: tfjs's backends and the model
// read from disk (picture files: image/readImageFile.ts). The browser never imports this.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describeAdapterInfo, isHardwareAdapter } from './gpuAdapter';
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
