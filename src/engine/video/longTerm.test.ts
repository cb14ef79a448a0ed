import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../device/nodeRuntime';
import { TEST_BACKEND } from '../testing/engineFixture';
import { framesHeldTo } from './framesHeldTo';
import { longTermWeights } from './longTerm';

/** One row of consistency weights, [1, 1, w, 1]. */
const row = (values: number[]) => tf.tensor4d(values, [1, 1, values.length, 1]);

describe("Ruder et al.'s long-term temporal term", () => {
  beforeAll(() => initNodeBackend(TEST_BACKEND));

  it('holds each pixel to the nearest earlier frame that shows it, and never to two', async () => {
    const before = tf.memory().numTensors;
    // Columns 2-5 are a strip the frame before does not show (the square covered it); frame t−2
    // shows columns 2-3 of it, frame t−4 columns 3-5. Column 8 is trusted a quarter from t−1;
    // column 9 is new in this frame (no earlier frame shows it).
    const t1 = row([1, 1, 0, 0, 0, 0, 1, 1, 0.25, 0]);
    const t2 = row([1, 0, 1, 1, 0, 0, 0, 0, 1, 0]);
    const t4 = row([0, 0, 0, 1, 1, 1, 0, 1, 1, 0]);
    const weights = longTermWeights([t1, t2, t4]);
    const values = await Promise.all(weights.map(async (w) => Array.from(await w.data())));
    expect(values[0]).toEqual([1, 1, 0, 0, 0, 0, 1, 1, 0.25, 0]);
    expect(values[1]).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0.75, 0]);
    expect(values[2]).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    const total = values[0].map((_, p) => values.reduce((sum, v) => sum + v[p], 0));
    expect(total).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    tf.dispose([t1, t2, t4, ...weights]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads frames t−1, t−2 and t−4 where the clip has them, the frame before alone without it', () => {
    expect([0, 1, 2, 3, 4, 5].map((index) => framesHeldTo(index, true))).toEqual([[], [0], [1, 0], [2, 1], [3, 2, 0], [4, 3, 1]]);
    expect(framesHeldTo(5, false)).toEqual([4]);
  });
});
