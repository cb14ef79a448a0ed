import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diskModelReader, initNodeBackend } from '../device/nodeRuntime';
import { TEST_BACKEND } from '../testing/engineFixture';
import { loadWeights, type ReadModelFile } from './weights';

const disk = diskModelReader();
/** The real model files, with one of them changed by `spoil` on its way. */
const spoiled = (filename: string, spoil: (bytes: Uint8Array) => Uint8Array): ReadModelFile => async (name) => {
  const bytes = new Uint8Array(await disk(name));
  return name === filename ? spoil(bytes) : bytes;
};

describe('the VGG19 weights as downloaded', () => {
  beforeAll(() => initNodeBackend(TEST_BACKEND));

  it('load when every file matches its checksum', async () => {
    const layers = await loadWeights(disk);
    expect(layers.size).toBe(16);
    expect(layers.get('conv5_4')!.kernel.shape).toEqual([3, 3, 512, 512]);
    for (const { kernel, bias } of layers.values()) tf.dispose([kernel, bias]);
  });

  it('are refused, naming the file, when one is damaged or cut short, and leave no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const flipOne = (bytes: Uint8Array) => {
      const copy = bytes.slice();
      copy[1000] ^= 0x01;
      return copy;
    };
    await expect(loadWeights(spoiled('conv3_2_kernel', flipOne))).rejects.toThrow(/conv3_2_kernel is damaged: its MD5 checksum/);
    await expect(loadWeights(spoiled('conv1_1_kernel', (b) => b.subarray(0, 100)))).rejects.toThrow(/conv1_1_kernel is incomplete: 100 bytes/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
