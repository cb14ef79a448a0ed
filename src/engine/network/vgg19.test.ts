import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseFeatures } from '../benchmark/featureSummary';
import { goldenDisagreements, goldenInput, goldenProbes, type GoldenFeatures } from '../benchmark/goldenFeatures';
import { loadEngine, SHARED_DIR } from '../testing/engineFixture';
import type { Vgg19 } from './vgg19';

const golden = JSON.parse(readFileSync(resolve(SHARED_DIR, 'golden/vgg19-features.json'), 'utf8')) as GoldenFeatures;

describe('VGG19 on the shared weights', () => {
  let vgg: Vgg19;
  beforeAll(async () => {
    vgg = await loadEngine();
  });
  afterAll(() => vgg.dispose());

  for (const pooling of ['max', 'avg'] as const) {
    it(`reproduces the golden activations and Gram matrices with ${pooling} pooling`, async () => {
      const expected = golden.layers[pooling];
      const image = { ...golden.input, rgb: goldenInput(golden.input) };
      const summaries = await summariseFeatures(vgg, image, pooling, goldenProbes(expected));
      expect(Object.keys(summaries)).toEqual(Object.keys(expected));
      expect(goldenDisagreements(summaries, expected, pooling)).toEqual([]);
    });
  }
});
