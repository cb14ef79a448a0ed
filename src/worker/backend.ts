/// <reference types="@webgpu/types" />
// Picks and starts the tfjs backend inside the worker: a real GPU when there is one, else threaded wasm.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeAdapterInfo, isHardwareAdapter, isSoftwareRenderer } from '../engine/device/gpuAdapter';
import type { BackendInfo, BackendName } from './protocol';

/** The WebGPU adapter's description, and whether it is real hardware. */
async function probeWebGpu(): Promise<{ hardware: boolean; description: string } | undefined> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return undefined;
  // Browsers moved the adapter's info from requestAdapterInfo() to an `info` attribute.
  const withInfo = adapter as GPUAdapter & { info?: GPUAdapterInfo };
  if (!withInfo.info) Object.defineProperty(adapter, 'info', { value: await adapter.requestAdapterInfo() });
  return { hardware: isHardwareAdapter(adapter), description: describeAdapterInfo(adapter.info) };
}

/** The WebGL2 renderer's name, and whether it is real hardware. */
function probeWebGl(): { hardware: boolean; description: string } | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return undefined;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const description = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { hardware: !isSoftwareRenderer(description), description };
}

let wasmConfigured = false;

function configureWasm(): void {
  if (wasmConfigured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  // Threads need cross-origin isolation (SharedArrayBuffer); without it tfjs runs single-threaded.
  setThreadsCount(navigator.hardwareConcurrency || 1);
  wasmConfigured = true;
}

/**
 * tfjs-wasm caps its threads at navigator.hardwareConcurrency / 2 (it assumes two hyper-threads a
 * core), read when its module starts, whatever setThreadsCount asks. On a 2-core machine that is
 * one thread, and two finish a 256-px run 1.5x sooner. So while the module starts, the worker's
 * navigator reports twice the cores; the cap then equals the real count. The UI thread is mostly idle.
 */
async function withThreadCapLifted<T>(start: () => Promise<T>): Promise<T> {
  const cores = navigator.hardwareConcurrency || 1;
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => cores * 2 });
  try {
    return await start();
  } finally {
    // Removes the instance's own property: the prototype's true getter shows again.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function describeBackend(name: BackendName, gpuDescription: string | undefined): Promise<BackendInfo> {
  if (name === 'wasm') {
    const threads = getThreadsCount();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threadable = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const notes = [
      simd ? 'SIMD' : 'no SIMD',
      crossOriginIsolated ? '' : 'page not cross-origin isolated',
      threadable ? '' : 'no thread support',
    ];
    return { name, threads, detail: [`${threads} thread${threads === 1 ? '' : 's'}`, ...notes].filter(Boolean).join(', ') };
  }
  if (name === 'cpu') return { name, detail: 'plain JavaScript' };
  return { name, detail: gpuDescription ?? 'GPU' };
}

async function trySetBackend(name: BackendName): Promise<boolean> {
  const start = async () => (await tf.setBackend(name)) && (await tf.ready(), true);
  try {
    if (name !== 'wasm') return await start();
    configureWasm();
    return await withThreadCapLifted(start);
  } catch {
    return false;
  }
}

/**
 * Starts the best backend, or `forced` when it starts. Returns what runs and, when `forced`
 * could not start, a note saying so.
 */
export async function startBackend(forced?: BackendName): Promise<{ backend: BackendInfo; note?: string }> {
  const [webgpu, webgl] = await Promise.all([probeWebGpu(), Promise.resolve(probeWebGl())]);
  const description: Partial<Record<BackendName, string>> = { webgpu: webgpu?.description, webgl: webgl?.description };
  const automatic: BackendName[] = [
    ...(webgpu?.hardware ? (['webgpu'] as const) : []),
    ...(webgl?.hardware ? (['webgl'] as const) : []),
    'wasm',
    'cpu',
  ];
  const order = forced ? [forced, ...automatic.filter((name) => name !== forced)] : automatic;
  for (const name of order) {
    if (await trySetBackend(name)) {
      const note = forced && name !== forced ? `The ${forced} backend did not start here; using ${name} instead.` : undefined;
      return { backend: await describeBackend(name, description[name]), note };
    }
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}

/** Switches to the next backend down after a GPU failure: wasm (then cpu). */
export async function fallBackToCpuBackend(): Promise<BackendInfo> {
  for (const name of ['wasm', 'cpu'] as const) {
    if (await trySetBackend(name)) return describeBackend(name, undefined);
  }
  throw new Error('Neither the wasm nor the cpu backend could start.');
}

export function isGpuBackend(name: BackendName): boolean {
  return name === 'webgpu' || name === 'webgl';
}
