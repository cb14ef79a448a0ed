import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countReadbacks } from './readbackCounter';

describe('countReadbacks', () => {
  it('counts data() and dataSync() apart, once each, and gives the backend its methods back', async () => {
    await tf.setBackend('cpu');
    const backend = tf.backend();
    const x = tf.ones([4]);
    const counter = countReadbacks(backend);
    await x.data();
    await x.data();
    x.dataSync();
    counter.stop();
    await x.data();
    expect([counter.reads, counter.syncReads]).toEqual([2, 1]);
    expect(Object.hasOwn(backend, 'read') || Object.hasOwn(backend, 'readSync')).toBe(false);
    x.dispose();
  });
});
