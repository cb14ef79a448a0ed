/// <reference types="@webgpu/types" />
// What the engine knows of a WebGPU adapter: its name, whether it is real hardware, and the largest
// buffer a kernel may bind. Plain WebGPU types: the same in the browser and under Dawn in Node.

/** Software renderers emulate a GPU on the CPU, 10-40x slower than threaded wasm. */
const SOFTWARE_GPU = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|microsoft basic/i;

export function isSoftwareRenderer(description: string): boolean {
  return SOFTWARE_GPU.test(description);
}

export function describeAdapterInfo(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  return info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'unknown adapter';
}

/** Whether `adapter` is a real GPU rather than a fallback or software one. */
export function isHardwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  // isFallbackAdapter moved from the adapter to its info in newer browsers.
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter || info?.isFallbackAdapter;
  return !fallback && !isSoftwareRenderer(`${info?.vendor} ${info?.architecture} ${info?.device} ${info?.description}`);
}
