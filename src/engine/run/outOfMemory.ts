/** Messages of out-of-memory failures across the backends (wasm, WebGL, WebGPU). */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot enlarge memory|memory limit/i.test(text);
}
