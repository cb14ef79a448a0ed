/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
import { MIN_TILE_SIZE } from '../settings';
import { widestActivationFloats } from '../network/vgg19Architecture';

/**
 * The largest buffer one kernel may bind on the running backend: WebGPU's
 * maxStorageBufferBindingSize (128 MiB on many devices), Infinity where no such limit applies.
 * Past it a WebGPU kernel fails outright, whatever memory the GPU has free.
 */
export function maxBufferBytes(): number {
  if (tf.getBackend() !== 'webgpu') return Infinity;
  const { limits } = (tf.backend() as unknown as { device: GPUDevice }).device;
  return Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
}

/** Tile sides are rounded down to this, so that every pooled level stays whole. */
const TILE_STEP = 16;

/**
 * The largest tile side whose activations fit in buffers of `bytes` (float32, the network's
 * widest layer), never below MIN_TILE_SIZE: 720 px for 128 MiB.
 */
export function largestTileFitting(bytes: number): number {
  if (!Number.isFinite(bytes)) return Infinity;
  const side = Math.floor(Math.sqrt(bytes / 4 / widestActivationFloats(1)));
  return Math.max(MIN_TILE_SIZE, side - (side % TILE_STEP));
}
