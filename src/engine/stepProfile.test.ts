import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSteps } from './benchmark';
import { STEP_PARTS } from './stepProfile';
import { loadEngine, sharedImage, TEST_BACKEND } from './testing/engineFixture';
import type { Vgg19 } from './vgg19';

describe.runIf(TEST_BACKEND === 'wasm')("the benchmark's breakdown of an iteration", () => {
  let vgg: Vgg19;
  beforeAll(async () => {
    vgg = await loadEngine();
  });
  afterAll(() => vgg.dispose());

  it('times each kind of work once: the parts add up to no more than the iteration', async () => {
    const [content, style] = await Promise.all([sharedImage('content/winter-wolf.jpg'), sharedImage('style/the_scream.jpg')]);
    const m = await measureSteps(vgg, content, style, { size: 96, iterations: 3 });
    const parts = m.msPerIterByPart!;
    expect(Object.keys(parts).sort()).toEqual([...STEP_PARTS, 'other'].sort());
    // Every kind of work of an L-BFGS iteration with the default settings shows up.
    for (const part of ['convForward', 'convBackward', 'gram', 'losses']) expect(parts[part as keyof typeof parts], part).toBeGreaterThan(0);
    // Nested parts are not counted twice (an evaluation's time excludes its convolutions), so what
    // is left for `other` is not negative; 1 ms of rounding per part.
    expect(parts.other).toBeGreaterThanOrEqual(-STEP_PARTS.length);
  });
});
