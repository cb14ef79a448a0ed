import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { kernelsOf, wasmKernelsAvailable, type KernelExports } from '../network/wasmKernels';

/** Rounds of one timed call: about 4 ms at full speed on a recent CPU core. */
const ROUNDS = 2_000_000;
/** A round's operations in wasm/simdPeak.c: 12 chains of 4 multiplies and 4 adds. */
const FLOPS_PER_ROUND = 12 * 8;
/** Timed calls, of which the fastest counts: the first ones run before the browser has optimised the code. */
const CALLS = 30;

/** The machine's yardstick does not change within a run: measured once. */
let measured: number | undefined;

/**
 * Billions of floating-point operations a second that one thread of WebAssembly SIMD does here at
 * most (multiplies and adds, 4 wide): the yardstick for the benchmark's counted parts. Null off
 * the wasm backend.
 */
export function simdPeakGflopsPerThread(): number | null {
  if (!wasmKernelsAvailable({})) return null;
  measured ??= measure(kernelsOf(tf.backend() as BackendWasm));
  return measured;
}

function measure(kernels: KernelExports): number {
  let fastest = Infinity;
  for (let call = 0; call < CALLS; call++) {
    const start = performance.now();
    kernels.simdPeak(ROUNDS);
    fastest = Math.min(fastest, performance.now() - start);
  }
  return (ROUNDS * FLOPS_PER_ROUND) / fastest / 1e6;
}
