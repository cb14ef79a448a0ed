// Runs with INetwork's style term: a blend of two paintings, and regions of a target map, on real VGG19 with tiny pictures.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStyleTransfer, withDefaults, type Progress, type RgbaImage, type StyleInputs, type StyleSettings } from '..';
import type { Rgb } from '../image/regionMaps';
import type { Vgg19 } from '../network/vgg19';
import { loadEngine, sharedImage } from '../testing/engineFixture';

/** The left half one colour and the right half another. */
function halves(width: number, height: number, left: Rgb, right: Rgb): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([...((p % width) < width / 2 ? left : right), 255], p * 4);
  return { width, height, data };
}

const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];

describe("a run with INetwork's style term", () => {
  let vgg: Vgg19;
  let blend: StyleInputs;
  const settings = withDefaults({ size: 48, scales: 1, iterations: 6, styleTerm: 'inetwork' });

  beforeAll(async () => {
    vgg = await loadEngine();
    const [photo, scream, starry] = await Promise.all(['content/winter-wolf.jpg', 'style/the_scream.jpg', 'style/starry_night.jpg'].map(sharedImage));
    blend = { content: photo, styles: [{ image: scream, weight: 1 }, { image: starry, weight: 2 }] };
    // The network makes its Winograd filters on first use and keeps them.
    await startStyleTransfer(vgg, blend, withDefaults({ ...settings, iterations: 1 })).result;
  });
  afterAll(() => vgg.dispose());

  async function styleLosses(inputs: StyleInputs, chosen: StyleSettings): Promise<number[]> {
    const progress: Progress[] = [];
    const notices: string[] = [];
    await startStyleTransfer(vgg, inputs, chosen, { onIteration: (p) => void progress.push(p), onNotice: (m) => notices.push(m) }).result;
    expect(notices).toEqual([]);
    return progress.map((p) => p.losses.style);
  }

  it('lowers its loss over a blend and over regions, uses every layer whatever the style layers, and leaves no tensor', async () => {
    const before = tf.memory().numTensors;
    const blended = await styleLosses(blend, settings);
    expect(blended.at(-1)!).toBeLessThan(blended[0] * 0.8);
    // INetwork's layers are all 16: the chosen style layers change nothing.
    expect(await styleLosses(blend, withDefaults({ ...settings, styleLayers: { relu1_1: 1 } }))).toEqual(blended);

    // Each painting's map gives its left half to the target map's left half: both regions blend both paintings.
    const maps = blend.styles.map((style) => ({ ...style, map: halves(style.image.width, style.image.height, RED, BLUE) }));
    const regions = await styleLosses({ ...blend, targetMap: halves(blend.content!.width, blend.content!.height, RED, BLUE), styles: maps }, settings);
    expect(regions.at(-1)!).toBeLessThan(regions[0] * 0.8);
    expect(tf.memory().numTensors).toBe(before);
  });
});
