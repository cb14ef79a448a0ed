/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
import { planRun } from './plan';
import type { Size } from './schedule';
import { MIN_TILE_SIZE, type StyleSettings } from './settings';
import { widestActivationFloats } from './vgg19Architecture';

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

/**
 * The tile size a run uses: the settings' own, or smaller where the GPU cannot bind a buffer as
 * large as a tile's widest activation (said once, before the run starts, rather than failing in it).
 */
export function tileSizeForDevice(content: Size, settings: StyleSettings, onNotice?: (message: string) => void): number {
  const limit = maxBufferBytes();
  const fitting = largestTileFitting(limit);
  if (fitting >= settings.tileSize) return settings.tileSize;
  const largest = planRun(content, settings).at(-1)!.size;
  if (Math.max(largest.width, largest.height) > fitting) {
    onNotice?.(`This GPU binds at most ${Math.round(limit / 2 ** 20)} MB in one buffer, so sizes above ${fitting} px go in tiles of ${fitting} px.`);
  }
  return fitting;
}
