import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { largestTileFitting, maxBufferBytes } from './deviceLimits';
import { tileSizeForDevice } from '../run/tileSize';
import { initNodeBackend } from './nodeRuntime';
import { withDefaults } from '../settings';
import { TEST_BACKEND } from '../testing/engineFixture';
import { widestActivationFloats } from '../network/vgg19Architecture';

const MiB = 2 ** 20;
const photo = { width: 1920, height: 1080 };

describe("tiles sized to the GPU's largest buffer", () => {
  beforeAll(() => initNodeBackend(TEST_BACKEND));

  it("keeps a tile's widest activation (conv1, 64 channels of float32) within the limit", () => {
    // 128 MiB, the limit of many devices: a 1024 px picture's conv1 activations are 256 MiB.
    const side = largestTileFitting(128 * MiB);
    expect(side).toBe(720);
    expect(widestActivationFloats(side * side) * 4).toBeLessThanOrEqual(128 * MiB);
    expect(widestActivationFloats(1024 * 1024) * 4).toBe(256 * MiB);
    expect(largestTileFitting(Infinity)).toBe(Infinity);
  });

  it(`reads the limit of the running backend (${TEST_BACKEND})`, () => {
    if (TEST_BACKEND === 'webgpu') {
      const { limits } = (tf.backend() as unknown as { device: GPUDevice }).device;
      expect(maxBufferBytes()).toBe(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize));
      expect(maxBufferBytes()).toBeGreaterThanOrEqual(128 * MiB);
    } else {
      expect(maxBufferBytes()).toBe(Infinity);
    }
  });

  it('picks a tile that fits before the run starts, and says so only when the picture needs it', () => {
    const notices: string[] = [];
    const fitting = largestTileFitting(maxBufferBytes());
    const large = withDefaults({ size: 4096, tileSize: 4096 });
    const tile = tileSizeForDevice(photo, large, (message) => notices.push(message));
    expect(tile).toBe(Math.min(4096, fitting));
    expect(notices).toHaveLength(fitting < 4096 ? 1 : 0);
    if (notices.length) expect(notices[0]).toMatch(new RegExp(`tiles of ${fitting} px`));
    // The default 512 px tiles fit every WebGPU device (128 MiB is the smallest limit allowed).
    expect(tileSizeForDevice(photo, withDefaults({ size: 512 }), (message) => notices.push(message))).toBe(512);
    expect(notices).toHaveLength(fitting < 4096 ? 1 : 0);
  });
});
