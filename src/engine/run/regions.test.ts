// Regions with paintings of their own (style masks, semantic maps, doodles), on real VGG19 with tiny made-up pictures.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStyleTransfer, withDefaults, type RgbaImage, type StyleInputs } from '..';
import { imageToTensor } from '../image/image';
import type { Rgb } from '../image/regionMaps';
import { gramMatrix } from '../loss/gramMatrix';
import type { Vgg19 } from '../network/vgg19';
import { loadEngine, TEST_BACKEND } from '../testing/engineFixture';

type Paint = (x: number, y: number) => Rgb;

function picture(width: number, height: number, paint: Paint): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** Red and white horizontal stripes. */
const stripes: Paint = (_, y) => (y % 8 < 4 ? [220, 30, 30] : [250, 250, 250]);
/** Blue dots on yellow. */
const dots: Paint = (x, y) => ((x % 8) - 3.5) ** 2 + ((y % 8) - 3.5) ** 2 < 5 ? [20, 40, 220] : [240, 210, 40];

const STRIPES = picture(64, 64, stripes);
const DOTS = picture(64, 64, dots);
/** Stripes on the left, dots on the right: one painting of two kinds of region. */
const BOTH = picture(128, 64, (x, y) => (x < 64 ? stripes(x, y) : dots(x, y)));
const PHOTO = picture(64, 48, (x, y) => [100 + x, 110 + y, 120]);

const half = (side: 'left' | 'right' | 'top' | 'bottom', width: number, height: number, inside: Rgb, outside: Rgb) =>
  picture(width, height, (x, y) => ({ left: x < width / 2, right: x >= width / 2, top: y < height / 2, bottom: y >= height / 2 })[side] ? inside : outside);

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

function crop({ width, data }: RgbaImage, x0: number, y0: number, w: number, h: number): RgbaImage {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) out.set(data.subarray(((y0 + y) * width + x0) * 4, ((y0 + y) * width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data: out };
}

function meanColour({ data }: RgbaImage): number[] {
  const sum = [0, 0, 0];
  for (let p = 0; p < data.length; p += 4) for (let c = 0; c < 3; c++) sum[c] += data[p + c];
  return sum.map((v) => v / (data.length / 4));
}
const colourDistance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));

describe('regions, each with a painting of its own', () => {
  let vgg: Vgg19;
  /** Relative distance between the Gram matrices of two pictures at relu1_1 and relu2_1: how alike their textures are. */
  let styleDistance: (a: RgbaImage, b: RgbaImage) => Promise<number>;
  const settings = withDefaults({ size: 64, scales: 1, iterations: TEST_BACKEND === 'wasm' ? 40 : 20, coarseIterations: 0, weights: { content: 0.05, style: 5, tv: 0.05 } });

  beforeAll(async () => {
    vgg = await loadEngine();
    styleDistance = async (a, b) => {
      const distance = tf.tidy(() => {
        const layers = ['relu1_1', 'relu2_1'] as const;
        const fa = vgg.features(imageToTensor(a), layers, 'max');
        const fb = vgg.features(imageToTensor(b), layers, 'max');
        return tf.addN(layers.map((l) => {
          const [ga, gb] = [gramMatrix(fa.get(l)!), gramMatrix(fb.get(l)!)];
          return tf.div(tf.sum(tf.squaredDifference(ga, gb)), tf.sum(tf.square(gb)));
        }));
      });
      const [value] = await distance.data();
      distance.dispose();
      return value;
    };
    // The network makes its Winograd filters on first use and keeps them.
    await startStyleTransfer(vgg, { content: PHOTO, styles: [{ image: STRIPES, weight: 1 }] }, withDefaults({ size: 48, scales: 1, iterations: 1 })).result;
  });
  afterAll(() => vgg.dispose());

  const leftRight = (image: RgbaImage) => [crop(image, 0, 0, image.width / 2, image.height), crop(image, image.width / 2, 0, image.width / 2, image.height)];
  const topBottom = (image: RgbaImage) => [crop(image, 0, 0, image.width, image.height / 2), crop(image, 0, image.height / 2, image.width, image.height / 2)];

  /**
   * Which painting each part of `result` took, judged against the same part of `swapped` (the run
   * with the regions' paintings swapped): the part nearer the stripes' texture and colour in one
   * run than in the other took the stripes there. Judging each part against itself leaves out
   * what the photo brings to both.
   */
  /** How much nearer a picture's mean colour is to the stripes' than to the dots'. */
  const colourLean = (part: RgbaImage) => colourDistance(meanColour(part), meanColour(STRIPES)) - colourDistance(meanColour(part), meanColour(DOTS));

  async function tookStripes(result: RgbaImage[], swapped: RgbaImage[]): Promise<string[]> {
    const textureLean = async (part: RgbaImage) => (await styleDistance(part, STRIPES)) - (await styleDistance(part, DOTS));
    const took: string[] = [];
    for (const [i, part] of result.entries()) {
      took.push((await textureLean(part)) < (await textureLean(swapped[i])) ? 'stripes' : 'dots');
      took.push(colourLean(part) < colourLean(swapped[i]) ? 'stripes' : 'dots');
    }
    return took;
  }

  it.skipIf(TEST_BACKEND !== 'wasm')('give each painting the part of the photo its mask covers, and swapping the masks swaps the result, with no tensor left behind', async () => {
    const left = half('left', 64, 48, WHITE, BLACK);
    const right = half('right', 64, 48, WHITE, BLACK);
    const before = tf.memory().numTensors;
    const run = (a: RgbaImage, b: RgbaImage) =>
      startStyleTransfer(vgg, { content: PHOTO, styles: [{ image: STRIPES, weight: 1, mask: a }, { image: DOTS, weight: 1, mask: b }] }, settings).result;
    const result = leftRight(await run(left, right));
    const swapped = leftRight(await run(right, left));
    expect(await tookStripes(result, swapped)).toEqual(['stripes', 'stripes', 'dots', 'dots']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("paints each region of a target map in the painting's region of the nearest colour, and swapping the map swaps the result", async () => {
    // The painting's map has 255,51,31 where the target map has 254,0,0, as in the shared doodle.
    const paintingMap = half('left', 128, 64, [255, 51, 31], [0, 0, 255]);
    const notices: string[] = [];
    const before = tf.memory().numTensors;
    const run = async (targetMap: RgbaImage) =>
      topBottom(
        await startStyleTransfer(vgg, { content: PHOTO, targetMap, styles: [{ image: BOTH, weight: 1, map: paintingMap }] }, settings, {
          onNotice: (message) => notices.push(message),
        }).result,
      );
    const result = await run(half('top', 64, 48, [254, 0, 0], [0, 0, 254]));
    const swapped = await run(half('top', 64, 48, [0, 0, 254], [254, 0, 0]));
    expect(await tookStripes(result, swapped)).toEqual(['stripes', 'stripes', 'dots', 'dots']);
    expect(notices).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('says which region of the target map no painting has, and gives it the whole painting', async () => {
    const paintingMap = half('left', 128, 64, [255, 0, 0], [0, 0, 255]);
    const targetMap = picture(64, 48, (x) => (x < 21 ? [255, 0, 0] : x < 42 ? [0, 0, 255] : [0, 200, 0]));
    const notices: string[] = [];
    const result = await startStyleTransfer(vgg, { content: PHOTO, targetMap, styles: [{ image: BOTH, weight: 1, map: paintingMap }] }, withDefaults({ ...settings, iterations: 5 }), {
      onNotice: (message) => notices.push(message),
    }).result;
    expect(notices).toEqual(["No painting's map has the target map's colour rgb(0, 200, 0): that region takes the whole painting’s style."]);
    expect([result.width, result.height]).toEqual([64, 48]);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('turns a doodle into a picture with no photo at all, each region taking its own texture', async () => {
    const paintingMap = half('left', 128, 64, [255, 51, 31], [0, 0, 255]);
    const doodle = half('left', 64, 48, [254, 0, 0], [0, 0, 254]);
    const inputs: StyleInputs = { targetMap: doodle, styles: [{ image: BOTH, weight: 1, map: paintingMap }] };
    const result = await startStyleTransfer(vgg, inputs, settings).result;
    const swapped = await startStyleTransfer(vgg, { ...inputs, targetMap: half('right', 64, 48, [254, 0, 0], [0, 0, 254]) }, settings).result;
    expect([result.width, result.height]).toEqual([64, 48]);
    expect(await tookStripes(leftRight(result), leftRight(swapped))).toEqual(['stripes', 'stripes', 'dots', 'dots']);
  });
});
