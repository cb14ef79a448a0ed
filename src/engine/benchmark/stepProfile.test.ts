import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSteps } from './benchmark';
import { centreSquare } from './benchmarkSuite';
import { DEFAULT_CONTENT_LAYERS, DEFAULT_STYLE_LAYERS } from '../settings';
import { STEP_PARTS } from '../profile/stepProfile';
import { deepestLayerIndex, VGG19_LAYERS, type LayerName } from '../network/vgg19Architecture';
import { loadEngine, sharedImage, TEST_BACKEND } from '../testing/engineFixture';
import type { Vgg19 } from '../network/vgg19';

describe.runIf(TEST_BACKEND === 'wasm')("the benchmark's breakdown of an iteration", () => {
  let vgg: Vgg19;
  beforeAll(async () => {
    vgg = await loadEngine();
  });
  afterAll(() => vgg.dispose());

  it('times each kind of work once: the parts add up to no more than the iteration', async () => {
    const [content, style] = await Promise.all([sharedImage('content/winter-wolf.jpg').then(centreSquare), sharedImage('style/the_scream.jpg')]);
    const m = await measureSteps(vgg, content, style, { size: 96, iterations: 3 });
    const parts = m.msPerIterByPart!;
    expect(Object.keys(parts).sort()).toEqual([...STEP_PARTS, 'other'].sort());
    // Every kind of work of an L-BFGS iteration with the default settings shows up.
    for (const part of ['convForward', 'convBackward', 'convProducts', 'gram', 'losses']) expect(parts[part as keyof typeof parts], part).toBeGreaterThan(0);
    // Nested parts are not counted twice (an evaluation's time excludes its convolutions), so what
    // is left for `other` is not negative; 1 ms of rounding per part.
    expect(parts.other).toBeGreaterThanOrEqual(-STEP_PARTS.length);

    // The products' arithmetic as counted is what Winograd F(4×4, 3×3) needs for the layers the
    // default loss reads: 36 products of [4×4 tiles, in] × [in, out] a layer, forward and backward,
    // for every layer but the first (a direct convolution), each evaluation.
    const layers = [...Object.keys(DEFAULT_CONTENT_LAYERS), ...Object.keys(DEFAULT_STYLE_LAYERS)] as LayerName[];
    let side = 96; // the square photo's
    let flopsPerEvaluation = 0;
    for (const [index, layer] of VGG19_LAYERS.slice(0, deepestLayerIndex(layers) + 1).entries()) {
      if (index > 0) flopsPerEvaluation += 2 * 2 * 36 * Math.ceil(side / 4) ** 2 * layer.inChannels * layer.outChannels;
      if (layer.poolAfter) side /= 2;
    }
    const counted = m.gflopsByPart!.convProducts!;
    expect(counted.perIter).toBeCloseTo((flopsPerEvaluation * m.evaluationsPerIter) / 1e9, 1);
    expect(counted.perSecond).toBeGreaterThan(0);
    expect(m.simdPeakGflopsPerThread).toBeGreaterThan(0);
  });
});
