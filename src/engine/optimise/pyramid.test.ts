import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { pyramidPrecondition } from './pyramid';
import { seededRandom } from '../image/random';

const random = (shape: [number, number, number, number], seed: number) => {
  const next = seededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => next() - 0.5), shape);
};
const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b)).dataSync()[0];

describe('pyramid preconditioner', () => {
  // Odd sizes: the coarse levels do not divide the image evenly.
  const shape: [number, number, number, number] = [1, 37, 50, 3];

  it('is positive, as L-BFGS needs of its initial inverse Hessian', () => {
    for (const seed of [1, 2, 3]) {
      const u = random(shape, seed);
      const Mu = pyramidPrecondition(u, 3);
      expect(dot(Mu, u)).toBeGreaterThan(dot(u, u));
      tf.dispose([u, Mu]);
    }
  });

  it('boosts broad changes and leaves pixel-fine ones almost as they are', () => {
    const flat = tf.ones(shape) as tf.Tensor4D;
    const checker = tf.tidy(() => {
      const [, h, w] = shape;
      const sign = tf.buffer([1, h, w, 3]);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) sign.set((x + y) % 2 ? 1 : -1, 0, y, x, c);
      return sign.toTensor() as tf.Tensor4D;
    });
    const gain = (q: tf.Tensor4D) => {
      const Mq = pyramidPrecondition(q, 3);
      const g = dot(Mq, q) / dot(q, q);
      Mq.dispose();
      return g;
    };
    // A flat change passes every level: 1 + 2 + 4 + 8.
    expect(gain(flat)).toBeCloseTo(15, 3);
    expect(gain(checker)).toBeLessThan(1.2);
    expect(pyramidPrecondition(flat, 0).dataSync()).toEqual(flat.dataSync());
    tf.dispose([flat, checker]);
  });

  it('frees what it makes', () => {
    const u = random(shape, 3);
    const before = tf.memory().numTensors;
    pyramidPrecondition(u, 3).dispose();
    expect(tf.memory().numTensors).toBe(before);
    u.dispose();
  });
});
