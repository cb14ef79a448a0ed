import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam';
import { imageToTensor, resizeImage } from '../image/image';
import { Lbfgs } from './lbfgs';
import { ContentTerm } from '../loss/contentTerm';
import { Objective } from '../loss/objective';
import { StyleTerm } from '../loss/styleTerm';
import { totalVariationTerm } from '../loss/totalVariation';
import { normalisedLayers, StyleTargets } from '../loss/styleTargets';
import type { ImageOptimizer } from './optimizer';
import { fitLongSide } from '../image/size';
import { DEFAULT_SETTINGS } from '../settings';
import { loadEngine, sharedImage } from '../testing/engineFixture';
import type { Vgg19 } from '../network/vgg19';

/** Runs `optimizer` until it has spent `budget` evaluations; returns the loss after each step. */
async function optimise(optimizer: ImageOptimizer, objective: Objective, budget: number) {
  const totals: number[] = [];
  let evaluations = 0;
  while (evaluations < budget) {
    const step = await optimizer.step((x) => objective.evaluate(x, DEFAULT_SETTINGS.weights));
    evaluations += step.evaluations;
    totals.push(step.losses.total);
  }
  // The final image's own loss, measured the same way for both optimisers.
  const { grad, losses } = objective.evaluate(optimizer.image, DEFAULT_SETTINGS.weights);
  const [final] = await losses.data();
  tf.dispose([grad, losses]);
  return { totals, final, evaluations };
}

describe('optimisers on a real style transfer problem (winter-wolf + the_scream, 64 px)', () => {
  let vgg: Vgg19;
  let content: tf.Tensor4D;
  let objective: Objective;
  let targets: StyleTargets;
  beforeAll(async () => {
    vgg = await loadEngine();
    const [photo, painting] = await Promise.all([sharedImage('content/winter-wolf.jpg'), sharedImage('style/the_scream.jpg')]);
    content = tf.tidy(() => resizeImage(imageToTensor(photo), fitLongSide(photo, 64)));
    const style = tf.tidy(() => resizeImage(imageToTensor(painting), fitLongSide(painting, 64)));
    const layers = normalisedLayers(DEFAULT_SETTINGS.styleLayers).map(([layer]) => layer);
    targets = StyleTargets.compute(vgg, [{ image: style, weight: 1 }], layers, DEFAULT_SETTINGS.pooling, DEFAULT_SETTINGS.tileSize);
    objective = new Objective(vgg, [new ContentTerm(vgg, content, DEFAULT_SETTINGS), new StyleTerm(targets, DEFAULT_SETTINGS), totalVariationTerm], DEFAULT_SETTINGS);
    style.dispose();
  });
  afterAll(() => {
    objective.dispose();
    targets.dispose();
    content.dispose();
    vgg.dispose();
  });

  it('both lower the loss, and L-BFGS ends lower than Adam for the same number of evaluations', async () => {
    const budget = 30;
    const adam = new Adam(content, DEFAULT_SETTINGS.learningRate);
    const lbfgs = new Lbfgs(content, { history: DEFAULT_SETTINGS.lbfgsHistory, initialStep: DEFAULT_SETTINGS.learningRate, pyramidLevels: DEFAULT_SETTINGS.pyramidLevels });
    const a = await optimise(adam, objective, budget);
    const l = await optimise(lbfgs, objective, budget);
    // Starting from the photo, both must at least halve the loss.
    expect(a.final).toBeLessThan(a.totals[0] / 2);
    expect(l.final).toBeLessThan(l.totals[0] / 2);
    expect(l.evaluations).toBeLessThanOrEqual(budget + 8);
    expect(l.final).toBeLessThan(a.final);
    // L-BFGS never accepts a step that raises the loss.
    for (let i = 1; i < l.totals.length; i++) expect(l.totals[i]).toBeLessThanOrEqual(l.totals[i - 1]);
    for (const o of [adam, lbfgs]) {
      const [min, max] = await Promise.all([o.image.min().data(), o.image.max().data()]);
      expect(min[0]).toBeGreaterThanOrEqual(0);
      expect(max[0]).toBeLessThanOrEqual(255);
      o.dispose();
    }
  });

  it('L-BFGS with pyramid steps ends lower than with per-pixel steps, for the same evaluations', async () => {
    const budget = 40;
    const options = { history: DEFAULT_SETTINGS.lbfgsHistory, initialStep: DEFAULT_SETTINGS.learningRate };
    const pixel = new Lbfgs(content, { ...options, pyramidLevels: 0 });
    const pyramid = new Lbfgs(content, { ...options, pyramidLevels: DEFAULT_SETTINGS.pyramidLevels });
    const p = await optimise(pixel, objective, budget);
    const q = await optimise(pyramid, objective, budget);
    expect(q.evaluations).toBeLessThanOrEqual(budget + 8);
    expect(q.final).toBeLessThan(p.final);
    for (let i = 1; i < q.totals.length; i++) expect(q.totals[i]).toBeLessThanOrEqual(q.totals[i - 1]);
    pixel.dispose();
    pyramid.dispose();
  });
});
