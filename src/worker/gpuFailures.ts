/// <reference types="@webgpu/types" />
// The GPU's own reports of failure, which tfjs does not listen to, and waits on the GPU that they end.
import * as tf from '@tensorflow/tfjs';

/** What went wrong on the GPU, as the browser reports it rather than as a failing tfjs call. */
export interface GpuFailure {
  kind: 'oom' | 'context-lost';
  /** The browser's own words, for the console: they rarely mean anything to a user. */
  message: string;
}

/** Thrown into a wait on the GPU when the GPU is lost. */
export class GpuFailureError extends Error {
  constructor(readonly failure: GpuFailure) {
    super(failure.message);
    this.name = 'GpuFailureError';
  }
}

const waits = new Set<(failure: GpuFailure) => void>();

/**
 * `work`, or a GpuFailureError as soon as the GPU is lost: a lost GPU may never answer a read
 * (tfjs's WebGL backend polls a lost context's fences for ever), so waiting for it would hang.
 * A GPU out of memory still answers: work cancelled then ends its step and frees its memory.
 */
export function unlessGpuLost<T>(work: Promise<T>): Promise<T> {
  let end!: (failure: GpuFailure) => void;
  const failed = new Promise<never>((_, reject) => (end = (failure) => reject(new GpuFailureError(failure))));
  waits.add(end);
  return Promise.race([work, failed]).finally(() => waits.delete(end));
}

/**
 * Calls `onFailure` when the running GPU backend fails, while it is still tfjs's backend: its
 * WebGPU device or WebGL context is lost (a driver reset, a crash of the browser's GPU process,
 * the OS reclaiming the GPU), or a WebGPU allocation fails. tfjs creates its buffers outside
 * error scopes, so WebGPU reports that as an uncaptured error while the kernels go on with an
 * invalid buffer. Nothing to watch on wasm and cpu.
 */
export function watchGpu(onFailure: (failure: GpuFailure) => void): void {
  const name = tf.getBackend();
  const report = (failure: GpuFailure) => {
    if (tf.getBackend() !== name) return;
    if (failure.kind === 'context-lost') for (const end of waits) end(failure);
    onFailure(failure);
  };
  const backend = tf.backend() as unknown as { device?: GPUDevice; gpgpu?: { gl: WebGL2RenderingContext } };
  if (name === 'webgpu' && backend.device) {
    const device = backend.device;
    // The e2e test makes a real allocation fail on this device through this handle (1 GiB is past
    // SwiftShader's limit and takes no memory): tfjs's own buffers never grow that large there.
    (self as unknown as { gpuDevice?: GPUDevice }).gpuDevice = device;
    void device.lost.then((info) => report({ kind: 'context-lost', message: info.message || `device lost (${info.reason})` }));
    device.addEventListener('uncapturederror', (event) => {
      const { error } = event as GPUUncapturedErrorEvent;
      if (error instanceof GPUOutOfMemoryError) report({ kind: 'oom', message: error.message });
    });
  } else if (name === 'webgl' && backend.gpgpu) {
    backend.gpgpu.gl.canvas.addEventListener('webglcontextlost', () => report({ kind: 'context-lost', message: 'WebGL context lost' }));
  }
}
