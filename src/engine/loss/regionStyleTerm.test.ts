// The region style term over a tile that lacks some of the regions, on real VGG19 and tiny real pictures.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vgg19 } from '../network/vgg19';
import type { LayerName } from '../network/vgg19Architecture';
import { loadEngine, testPictures } from '../testing/engineFixture';
import { RegionStyleTargets } from './regionStyleTargets';
import { RegionStyleTerm } from './regionStyleTerm';

const LAYERS: LayerName[] = ['relu1_1', 'relu2_1', 'relu3_1'];
const SETTINGS = { styleLayers: { relu1_1: 1, relu2_1: 1, relu3_1: 1 } };
const [PHOTO, PAINTING] = [
  { width: 40, height: 24 },
  { width: 32, height: 40 },
];

/** [1, h, w, channels.length] masks, each channel on the left half, the right half, everywhere or nowhere. */
function masks({ width, height }: { width: number; height: number }, channels: ('left' | 'right' | 'all' | 'none')[]): tf.Tensor4D {
  const covers = { left: (x: number) => x < width / 2, right: (x: number) => x >= width / 2, all: () => true, none: () => false };
  const data = Float32Array.from({ length: height * width * channels.length }, (_, i) => {
    const x = Math.floor(i / channels.length) % width;
    return covers[channels[i % channels.length]](x) ? 1 : 0;
  });
  return tf.tensor4d(data, [1, height, width, channels.length]);
}

describe('the region style term', () => {
  let vgg: Vgg19;
  let photo: tf.Tensor4D;
  let painting: tf.Tensor4D;
  beforeAll(async () => {
    vgg = await loadEngine();
    ({ photo, painting } = await testPictures(PHOTO, PAINTING));
  });
  afterAll(() => {
    tf.dispose([photo, painting]);
    vgg.dispose();
  });

  const termValue = (term: RegionStyleTerm) => tf.tidy(() => term.loss(vgg.features(photo, term.layers as LayerName[], 'max')).dataSync()[0]);

  it("holds a tile without the first region to the second region's painting, and leaves the targets whole for the next tile", async () => {
    const styles = [{ image: painting, weight: 1 }];
    const [left, right] = [masks(PAINTING, ['left']), masks(PAINTING, ['right'])];
    const both = RegionStyleTargets.compute(vgg, styles, [[{ style: 0, mask: left }], [{ style: 0, mask: right }]], LAYERS, 'max', 512);
    const rightOnly = RegionStyleTargets.compute(vgg, styles, [[{ style: 0, mask: right }]], LAYERS, 'max', 512);
    const [halves, secondOnly, everywhere] = [masks(PHOTO, ['left', 'right']), masks(PHOTO, ['none', 'all']), masks(PHOTO, ['all'])];
    const before = tf.memory().numTensors;

    // A tile with every region, then one with the second alone, then every region again: each term
    // lets go of what it made and nothing of the targets, which serve all the tiles of a scale.
    const whole = (await RegionStyleTerm.create(both, halves, SETTINGS))!;
    const wholeValue = termValue(whole);
    whole.dispose();
    const partial = (await RegionStyleTerm.create(both, secondOnly, SETTINGS))!;
    const partialValue = termValue(partial);
    partial.dispose();
    const again = (await RegionStyleTerm.create(both, halves, SETTINGS))!;
    expect(termValue(again)).toBe(wholeValue);
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // The tile without the first region is held to the painting's right half alone.
    const alone = (await RegionStyleTerm.create(rightOnly, everywhere, SETTINGS))!;
    const aloneValue = termValue(alone);
    alone.dispose();
    expect(Math.abs(partialValue - aloneValue)).toBeLessThan(1e-6 * aloneValue);
    expect(Math.abs(wholeValue - aloneValue)).toBeGreaterThan(1e-2 * aloneValue);

    tf.dispose([left, right, halves, secondOnly, everywhere]);
    both.dispose();
    rightOnly.dispose();
  });
});
