import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KERNELS_WASM_PLAIN, KERNELS_WASM_SHARED } from './wasm/kernels.wasm';

/**
 * The engine's own WebAssembly SIMD kernels (src/engine/network/wasm/*.c, built by scripts/build-wasm.sh)
 * for what tfjs-wasm does slowly. The module imports tfjs-wasm's memory and reads and writes its
 * tensors in place, so calling it costs no copies: arguments are heap offsets.
 */
export interface KernelExports {
  filterTransform(g: number, c: number, k: number, out: number): void;
  inputTransform(x: number, h: number, w: number, c: number, out: number): void;
  outputTransform(m: number, bias: number, y: number, h: number, w: number, k: number, relu: number): void;
  outputTransformAdjoint(dy: number, act: number, h: number, w: number, k: number, out: number, transposed: number): void;
  inputTransformAdjoint(v: number, dx: number, h: number, w: number, c: number, transposed: number): void;
  maxPoolGradient(x: number, y: number, dy: number, dx: number, h: number, w: number, c: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  gram(f: number, n: number, c: number, scale: number, out: number): void;
  gatherRows(f: number, rows: number, weights: number, n: number, c: number, out: number): void;
  scatterRows(g: number, rows: number, weights: number, n: number, c: number, out: number): void;
  totalVariation(x: number, h: number, w: number, c: number, sy: number, sx: number, grad: number, loss: number): void;
  simdPeak(rounds: number): number;
}

/** The emscripten module behind the backend: where its memory and allocator are. */
interface WasmModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
}

interface Instance {
  exports: KernelExports;
  memory: WebAssembly.Memory;
  /** Room for a table of tensor offsets, for kernels that take many tensors. */
  table: number;
}

/** The most tensors a kernel takes through `offsetTable`. */
const TABLE_SIZE = 64;

const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const instances = new WeakMap<BackendWasm, Instance | null>();

/** Compiles the kernels against this backend's memory, once; null where that cannot be done (no SIMD). */
function instanceFor(backend: BackendWasm): Instance | null {
  if (instances.has(backend)) return instances.get(backend)!;
  let instance: Instance | null = null;
  const module = backend.wasm as unknown as WasmModule;
  // Threaded tfjs creates a shared memory and imports it; single-threaded tfjs exports its own.
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (memory) {
    const bytes = decode(memory.buffer instanceof ArrayBuffer ? KERNELS_WASM_PLAIN : KERNELS_WASM_SHARED);
    try {
      // Synchronous compilation is fine here: the engine runs in a worker or in Node.
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
      instance = { exports: exports as unknown as KernelExports, memory, table: module._malloc(TABLE_SIZE * 4) };
    } catch {
      // No SIMD, or a memory this build cannot import: tfjs's own ops do the work instead.
      instance = null;
    }
  }
  instances.set(backend, instance);
  return instance;
}

/**
 * Whether the engine's kernels run here (the wasm backend, with SIMD), registering `kernels` with
 * tfjs the first time. Elsewhere callers use tfjs's own ops.
 */
export function wasmKernelsAvailable(kernels: Record<string, (args: never) => tf.TensorInfo | tf.TensorInfo[]>): boolean {
  if (tf.getBackend() !== 'wasm' || !instanceFor(tf.backend() as BackendWasm)) return false;
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, 'wasm')) {
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    }
  }
  return true;
}

/** The kernels of the backend a kernel function is called with. */
export const kernelsOf = (backend: BackendWasm): KernelExports => instanceFor(backend)!.exports;

/** Where a tensor's data starts in the heap. */
export const heapOffset = (backend: BackendWasm, t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId)!.memoryOffset;

/** Writes the tensors' heap offsets into a table the kernels read, and returns the table's offset. */
export function offsetTable(backend: BackendWasm, tensors: tf.TensorInfo[]): number {
  const instance = instanceFor(backend)!;
  if (tensors.length > TABLE_SIZE) throw new Error(`a kernel takes at most ${TABLE_SIZE} tensors`);
  new Int32Array(instance.memory.buffer, instance.table, tensors.length).set(tensors.map((t) => heapOffset(backend, t)));
  return instance.table;
}
