// Regions with paintings of their own (style masks, semantic maps, doodles), on real VGG19 with tiny made-up pictures.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStyleTransfer, withDefaults, type RgbaImage, type StyleImage, type StyleInputs, type StyleSettings } from '..';
import { imageToTensor } from '../image/image';
import type { Rgb } from '../image/regionMaps';
import { gramMatrix } from '../loss/gramMatrix';
import type { Vgg19 } from '../network/vgg19';
import { disposeInputs, prepareInputs } from './inputs';
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
/** A target map's two colours, and the paintings' maps' (a little off, as in the shared doodle). */
const RED: Rgb = [254, 0, 0];
const BLUE: Rgb = [0, 0, 254];
const PAINTED_RED: Rgb = [255, 51, 31];
const PAINTED_BLUE: Rgb = [0, 0, 255];
/** BOTH's map: red over its stripes, blue over its dots, at any size. */
const bothMap = (width = 128, height = 64) => half('left', width, height, PAINTED_RED, PAINTED_BLUE);

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
/** A picture's brightness (Rec. 601 luma, as the engine's luminance mode) in all three channels. */
function gray({ width, height, data }: RgbaImage): RgbaImage {
  const out = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    const y = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
    out.set([y, y, y, 255], p);
  }
  return { width, height, data: out };
}
const colourDistance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));

describe('regions, each with a painting of its own', () => {
  let vgg: Vgg19;
  /** Relative distance between the Gram matrices of two pictures at relu1_1 and relu2_1: how alike their textures are. */
  let styleDistance: (a: RgbaImage, b: RgbaImage) => Promise<number>;
  // Each region leans its painting's way by a margin: at 20 iterations on wasm by at least 1.3 in
  // texture (the style distance below) and 80 levels in colour; at 10 on lavapipe (1.5 s an
  // iteration), by 0.39 and 17 (measured 2026-12-06).
  const settings = withDefaults({ size: 64, scales: 1, iterations: TEST_BACKEND === 'wasm' ? 20 : 10, coarseIterations: 0, weights: { content: 0.05, style: 5, tv: 0.05 } });

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

  async function tookStripes(result: RgbaImage[], swapped: RgbaImage[], judge: 'texture and colour' | 'brightness texture' = 'texture and colour'): Promise<string[]> {
    // With the photo's colours kept, only the brightness carries the painting's texture.
    const seen = judge === 'texture and colour' ? (image: RgbaImage) => image : gray;
    const textureLean = async (part: RgbaImage) => (await styleDistance(seen(part), seen(STRIPES))) - (await styleDistance(seen(part), seen(DOTS)));
    const took: string[] = [];
    for (const [i, part] of result.entries()) {
      took.push((await textureLean(part)) < (await textureLean(swapped[i])) ? 'stripes' : 'dots');
      if (judge === 'texture and colour') took.push(colourLean(part) < colourLean(swapped[i]) ? 'stripes' : 'dots');
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
    // Where the mask keeps the photo (the app's unpainted part), the region needs no painting: nothing is said.
    const mask = picture(64, 48, (x) => (x < 42 ? [255, 255, 255] : [0, 0, 0]));
    const maskedNotices: string[] = [];
    await startStyleTransfer(vgg, { content: PHOTO, targetMap, mask, styles: [{ image: BOTH, weight: 1, map: paintingMap }] }, withDefaults({ ...settings, iterations: 1 }), {
      onNotice: (message) => maskedNotices.push(message),
    }).result;
    expect(maskedNotices).toEqual([]);
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

  /** A region's texture and colour show after a few iterations: enough for each combination below. */
  const quick = withDefaults({ ...settings, iterations: 10 });

  /**
   * A run over `content` with the target map `map(RED, BLUE)`, and one with its colours swapped, each
   * cut into parts by `cut`; with the notices of both runs and the most tiles a scale had.
   */
  async function mapAndSwapped(map: (a: Rgb, b: Rgb) => RgbaImage, styles: StyleImage[], runSettings: StyleSettings, cut: (image: RgbaImage) => RgbaImage[], content = PHOTO) {
    const notices = new Set<string>();
    let tiles = 0;
    const run = async (targetMap: RgbaImage) =>
      cut(
        await startStyleTransfer(vgg, { content, targetMap, styles }, runSettings, {
          onNotice: (message) => notices.add(message),
          onIteration: ({ tileCount }) => void (tiles = Math.max(tiles, tileCount)),
        }).result,
      );
    return { result: await run(map(RED, BLUE)), swapped: await run(map(BLUE, RED)), notices, tiles };
  }

  it('fits a target map and a painting map of other sizes to their pictures, saying so for each, with the regions where the maps put them', async () => {
    const notices: string[] = [];
    const before = tf.memory().numTensors;
    const styles = [{ image: BOTH, weight: 1, map: bothMap(64, 32) }];
    const fitted = await prepareInputs({ content: PHOTO, targetMap: half('top', 32, 24, RED, BLUE), styles }, settings, (message) => notices.push(message));
    const exact = await prepareInputs({ content: PHOTO, targetMap: half('top', 64, 48, RED, BLUE), styles: [{ image: BOTH, weight: 1, map: bothMap() }] }, settings);
    expect(notices).toEqual(['The target map (32×24) is fitted to the picture (64×48).', "Painting 1's map (64×32) is fitted to the painting (128×64)."]);
    const difference = tf.tidy(() => tf.mean(tf.abs(tf.sub(fitted.regions!.targets, exact.regions!.targets))));
    expect(fitted.regions!.targets.shape).toEqual([1, 48, 64, 2]);
    // The fitted map's one blended row across the border, and nothing else.
    expect((await difference.data())[0]).toBeLessThan(0.02);
    difference.dispose();
    disposeInputs(fitted);
    disposeInputs(exact);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("starts a doodle from each region filled with its painting region's colour, the painting's map fitted to it", async () => {
    const before = tf.memory().numTensors;
    const prepared = await prepareInputs({ targetMap: half('left', 64, 48, RED, BLUE), styles: [{ image: BOTH, weight: 1, map: bothMap(64, 32) }] }, settings);
    const halves = tf.tidy(() => [0, 32].map((x) => tf.mean(tf.slice(prepared.photo, [0, 0, x, 0], [1, 48, 32, 3]), [0, 1, 2])));
    const [left, right] = await Promise.all(halves.map(async (t) => Array.from(await t.data())));
    tf.dispose(halves);
    disposeInputs(prepared);
    expect(colourDistance(left, meanColour(STRIPES))).toBeLessThan(2);
    expect(colourDistance(right, meanColour(DOTS))).toBeLessThan(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('runs a target map of one colour as the plain run it is, and says so', async () => {
    const quick = withDefaults({ ...settings, iterations: 3 });
    const notices: string[] = [];
    const plain = await startStyleTransfer(vgg, { content: PHOTO, styles: [{ image: BOTH, weight: 1 }] }, quick).result;
    const oneColour = await startStyleTransfer(vgg, { content: PHOTO, targetMap: picture(64, 48, () => RED), styles: [{ image: BOTH, weight: 1, map: bothMap() }] }, quick, {
      onNotice: (message) => notices.push(message),
    }).result;
    expect(notices).toEqual(['The target map has one colour, so the whole picture takes the whole painting’s style.']);
    expect(oneColour.data).toEqual(plain.data);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('keeps each region its painting in tiles, a tile wholly inside one region included', async () => {
    const photo = crop(PHOTO, 0, 0, 64, 32);
    const { result, swapped, tiles } = await mapAndSwapped((a, b) => half('left', 64, 32, a, b), [{ image: BOTH, weight: 1, map: bothMap() }], withDefaults({ ...quick, tileSize: 32 }), leftRight, photo);
    expect(tiles).toBe(3);
    expect(await tookStripes(result, swapped)).toEqual(['stripes', 'stripes', 'dots', 'dots']);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('keeps each region its painting with Adam, from maps fitted to their pictures', async () => {
    const { result, swapped, notices } = await mapAndSwapped((a, b) => half('top', 32, 24, a, b), [{ image: BOTH, weight: 1, map: bothMap(64, 32) }], withDefaults({ ...quick, optimizer: 'adam' }), topBottom);
    expect(notices).toEqual(new Set(['The target map (32×24) is fitted to the picture (64×48).', "Painting 1's map (64×32) is fitted to the painting (128×64)."]));
    expect(await tookStripes(result, swapped)).toEqual(['stripes', 'stripes', 'dots', 'dots']);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')("keeps each region its painting's texture when the photo keeps its colours", async () => {
    // The paintings' brightness is matched to the photo's: PHOTO's gentle gradient would leave them little texture.
    const photo = picture(64, 48, (x, y) => [x * 4, y * 5, 128]);
    const { result, swapped } = await mapAndSwapped((a, b) => half('top', 64, 48, a, b), [{ image: BOTH, weight: 1, map: bothMap() }], withDefaults({ ...quick, colour: 'luminance' }), topBottom, photo);
    expect(await tookStripes(result, swapped, 'brightness texture')).toEqual(['stripes', 'dots']);
    // The colours are the photo's, not the paintings'.
    for (const [i, part] of topBottom(photo).entries()) expect(colourDistance(meanColour(result[i]), meanColour(part))).toBeLessThan(20);
  });

  it.skipIf(TEST_BACKEND !== 'wasm')('gives each region the painting whose map has its colour, with several paintings', async () => {
    const styles = [
      { image: STRIPES, weight: 1, map: picture(64, 64, () => PAINTED_RED) },
      { image: DOTS, weight: 1, map: picture(32, 32, () => PAINTED_BLUE) },
    ];
    const { result, swapped } = await mapAndSwapped((a, b) => half('top', 64, 48, a, b), styles, quick, topBottom);
    expect(await tookStripes(result, swapped)).toEqual(['stripes', 'stripes', 'dots', 'dots']);
  });
});
