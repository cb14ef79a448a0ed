// The artist's controls, each shown by its effect on a real run (tiny images, real VGG19).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToYCbCr } from '../image/colour';
import { imageToTensor, type RgbaImage } from '../image/image';
import { withDefaults, type StyleSettings } from '../settings';
import { startStyleTransfer, type Progress, type StyleInputs } from '..';
import { loadEngine, sharedImage } from '../testing/engineFixture';
import type { Vgg19 } from '../network/vgg19';

/** Mean of each channel (R, G, B) of an image. */
function meanColour({ data }: RgbaImage): number[] {
  const sum = [0, 0, 0];
  for (let p = 0; p < data.length; p += 4) for (let k = 0; k < 3; k++) sum[k] += data[p + k];
  return sum.map((s) => s / (data.length / 4));
}

/** Mean absolute difference of two same-sized images, per channel value (0..255). */
function difference(a: RgbaImage, b: RgbaImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let p = 0; p < a.data.length; p++) if (p % 4 !== 3) sum += Math.abs(a.data[p] - b.data[p]);
  return sum / ((a.data.length / 4) * 3);
}

/** Mean absolute chroma (Cb, Cr) difference between two images of the same size. */
function chromaDifference(a: RgbaImage, b: RgbaImage): number {
  return tf.tidy(() => {
    const ca = rgbToYCbCr(imageToTensor(a)).slice([0, 0, 0, 1], [-1, -1, -1, 2]);
    const cb = rgbToYCbCr(imageToTensor(b)).slice([0, 0, 0, 1], [-1, -1, -1, 2]);
    return tf.mean(tf.abs(tf.sub(ca, cb))).dataSync()[0];
  });
}

/** The rows of `image` from `top`, `height` of them: a wide band costs fewer tiles than the whole picture. */
function rows({ width, data }: RgbaImage, top: number, height: number): RgbaImage {
  return { width, height, data: data.slice(top * width * 4, (top + height) * width * 4) };
}

/** Mean squared difference between horizontal neighbours: how much fine texture there is. */
function fineDetail({ width, height, data }: RgbaImage): number {
  let sum = 0;
  for (let y = 0; y < height; y++)
    for (let x = 1; x < width; x++)
      for (let k = 0; k < 3; k++) sum += (data[(y * width + x) * 4 + k] - data[(y * width + x - 1) * 4 + k]) ** 2;
  return sum / (height * (width - 1) * 3);
}

describe('the controls of a run', () => {
  let vgg: Vgg19;
  let photo: RgbaImage;
  /** The photo's middle 8:3 band (1920×720): at 256 px it needs 3 tiles of 128 where the whole photo needs 6. */
  let photoBand: RgbaImage;
  let scream: RgbaImage;
  let starryNight: RgbaImage;
  let wolfMask: RgbaImage;
  beforeAll(async () => {
    vgg = await loadEngine();
    [photo, scream, starryNight, wolfMask] = await Promise.all([
      sharedImage('content/winter-wolf.jpg'),
      sharedImage('style/the_scream.jpg'),
      sharedImage('style/starry_night.jpg'),
      sharedImage('content/winter-wolf-mask.jpg'),
    ]);
    photoBand = rows(photo, 180, 720);
    // The network makes its Winograd filters on first use and keeps them: make them now, so
    // that each test's count of tensors left behind holds when it runs alone too.
    await startStyleTransfer(vgg, { content: photo, styles: [{ image: scream, weight: 1 }] }, withDefaults({ size: 64, scales: 1, iterations: 1 })).result;
  });
  afterAll(() => vgg.dispose());

  const small = (settings: Partial<StyleSettings> = {}) =>
    withDefaults({ size: 64, scales: 1, iterations: 12, weights: { content: 1, style: 20, tv: 0.5 }, ...settings });
  const inputs = (more: Partial<StyleInputs> = {}): StyleInputs => ({ content: photo, styles: [{ image: scream, weight: 1 }], ...more });

  async function stylise(settings: StyleSettings, pictures = inputs()) {
    const progress: Progress[] = [];
    const image = await startStyleTransfer(vgg, pictures, settings, { onIteration: (p) => void progress.push(p) }).result;
    return { image, progress };
  }

  /** The photo at the output size, as a run that changes nothing would return it. */
  const photoAt = (settings: StyleSettings, pictures = inputs()) => stylise({ ...settings, iterations: 0 }, pictures).then((r) => r.image);

  /** A plain run of `small()`, which several tests compare against: run once. */
  let plainRun: ReturnType<typeof stylise> | undefined;
  const plain = () => (plainRun ??= stylise(small()));

  it('keeps the photo colours in luminance mode, and gives the painting the photo colours in histogram mode', async () => {
    const settings = small();
    const original = await photoAt(settings);
    const { image: plainImage } = await plain();
    const before = tf.memory().numTensors;
    const luminance = await stylise({ ...settings, colour: 'luminance' });
    const histogram = await stylise({ ...settings, colour: 'histogram' });
    expect(tf.memory().numTensors).toBe(before);
    // The Scream's oranges move a plain run's colours away from the snowy photo's; luminance
    // mode puts the photo's chroma back, so only rounding is left.
    expect(chromaDifference(plainImage, original)).toBeGreaterThan(4);
    expect(chromaDifference(luminance.image, original)).toBeLessThan(1.5);
    // The texture still changed.
    expect(difference(luminance.image, original)).toBeGreaterThan(3);
    // Histogram matching: the painting arrives in the photo's palette, so the mean colour stays
    // much nearer the photo's than a plain run's does.
    const offset = (image: RgbaImage) => {
      const [a, b] = [meanColour(image), meanColour(original)];
      return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    };
    expect(offset(histogram.image)).toBeLessThan(offset(plainImage) / 2);
  });

  it('blends several paintings by their weights', async () => {
    const settings = small();
    const screamOnly = await plain();
    const withZeroShare = await stylise(settings, inputs({ styles: [{ image: scream, weight: 1 }, { image: starryNight, weight: 0 }] }));
    const starryOnly = await stylise(settings, inputs({ styles: [{ image: starryNight, weight: 1 }] }));
    const blend = await stylise(settings, inputs({ styles: [{ image: scream, weight: 1 }, { image: starryNight, weight: 1 }] }));
    // A painting with no share changes nothing.
    expect(difference(withZeroShare.image, screamOnly.image)).toBeLessThan(0.01);
    // An even blend lies between the two: The Scream is orange, The Starry Night blue.
    const blueness = (image: RgbaImage) => meanColour(image)[2] - meanColour(image)[0];
    expect(blueness(blend.image)).toBeGreaterThan(blueness(screamOnly.image) + 2);
    expect(blueness(blend.image)).toBeLessThan(blueness(starryOnly.image) - 2);
  });

  it('paints larger strokes with a larger style scale', async () => {
    const settings = small({ size: 96, iterations: 15, weights: { content: 0.2, style: 50, tv: 0.1 }, init: 'gray' });
    const fine = await stylise({ ...settings, styleScale: 0.5 });
    const coarse = await stylise({ ...settings, styleScale: 2 });
    expect(fineDetail(coarse.image)).toBeLessThan(fineDetail(fine.image) * 0.8);
  });

  it('applies the style only where the mask is white', async () => {
    const settings = small();
    const original = await photoAt(settings);
    const before = tf.memory().numTensors;
    const masked = await stylise(settings, inputs({ mask: wolfMask }));
    expect(tf.memory().numTensors).toBe(before);
    const unmasked = await plain();
    // Compare region by region: the wolf mask is white over the wolf, black elsewhere.
    const maskAtSize = await stylise({ ...settings, iterations: 0 }, inputs({ content: wolfMask }));
    let inside = 0;
    let insideCount = 0;
    let outside = 0;
    let outsideCount = 0;
    for (let p = 0; p < original.data.length; p += 4) {
      const diff = Math.abs(masked.image.data[p] - original.data[p]) + Math.abs(masked.image.data[p + 2] - original.data[p + 2]);
      if (maskAtSize.image.data[p] > 200) (inside += diff), insideCount++;
      else if (maskAtSize.image.data[p] < 50) (outside += diff), outsideCount++;
    }
    expect(insideCount).toBeGreaterThan(20);
    expect(outsideCount).toBeGreaterThan(20);
    expect(outside / outsideCount).toBeLessThan(1);
    expect(inside / insideCount).toBeGreaterThan(5);
    expect(difference(masked.image, unmasked.image)).toBeGreaterThan(1);
  });

  it('starts where asked: the photo, gray, seeded noise, or the previous result', async () => {
    const settings = small({ iterations: 3 });
    const first = async (s: StyleSettings, pictures = inputs()) => (await stylise(s, pictures)).progress[0].losses;
    const fromPhoto = await first(settings);
    const fromGray = await first({ ...settings, init: 'gray' });
    const previous = await plain();
    const fromPrevious = await first({ ...settings, init: 'previous' }, inputs({ previous: previous.image }));
    // The photo matches the content at once; gray matches nothing; a finished result is further on.
    expect(fromPhoto.content).toBeLessThan(fromGray.content);
    expect(fromPrevious.total).toBeLessThan(fromPhoto.total);
    const noise = (seed: number) => stylise({ ...settings, init: 'noise', seed }).then((r) => r.image);
    const [a, b, c] = await Promise.all([noise(1), noise(1), noise(2)]);
    expect(difference(a, b)).toBe(0);
    expect(difference(a, c)).toBeGreaterThan(5);
    await expect(stylise({ ...settings, init: 'previous' })).rejects.toThrow(/previous result/);
  });

  it('uses the chosen layers, pooling and optimiser', async () => {
    const settings = small({ iterations: 6 });
    const base = (await stylise(settings)).image;
    const shallow = (await stylise({ ...settings, styleLayers: { relu1_1: 1 } })).image;
    const avg = (await stylise({ ...settings, pooling: 'avg' })).image;
    const adam = await stylise({ ...settings, optimizer: 'adam', learningRate: 4 });
    for (const other of [shallow, avg, adam.image]) expect(difference(base, other)).toBeGreaterThan(0.5);
    // Adam takes one evaluation an iteration; its loss still falls.
    expect(adam.progress.at(-1)!.evaluations).toBe(6);
    expect(adam.progress.at(-1)!.losses.total).toBeLessThan(adam.progress[0].losses.total);
  });

  it('optimises a large scale in blended tiles, with no seam where the tiles meet', async () => {
    // Enough iterations for a seam to grow where one tile ended and the next began.
    const settings = small({ size: 200, iterations: 12, tileSize: 128 });
    const band = inputs({ content: photoBand });
    const before = tf.memory().numTensors;
    const tiled = await stylise(settings, band);
    expect(tf.memory().numTensors).toBe(before);
    expect([tiled.image.width, tiled.image.height]).toEqual([200, 75]);
    const last = tiled.progress.at(-1)!;
    expect(last.tileCount).toBe(2);
    expect(last.totalIteration).toBe(24);
    expect(new Set(tiled.progress.map((p) => p.tileIndex))).toEqual(new Set([0, 1]));
    // Tiles start at x = 0 and x = 72: the column where the second begins (and its overlap)
    // must not be a sharper edge than the picture has elsewhere.
    const columnStep = (x: number) => {
      let sum = 0;
      for (let y = 0; y < tiled.image.height; y++)
        for (let k = 0; k < 3; k++) sum += Math.abs(tiled.image.data[(y * 200 + x) * 4 + k] - tiled.image.data[(y * 200 + x - 1) * 4 + k]);
      return sum / (tiled.image.height * 3);
    };
    const typical = Array.from({ length: 198 }, (_, i) => columnStep(i + 1)).sort((a, b) => a - b)[150];
    for (const x of [72, 128]) expect(columnStep(x)).toBeLessThan(typical * 1.5);
    expect(difference(tiled.image, await photoAt(settings, band))).toBeGreaterThan(3);
  });

  it('goes on in smaller tiles when a step runs out of memory', async () => {
    // The real network on a device that cannot hold a step of more than 20,000 pixels (the
    // photo's band at 256×96 is 24,576; a 128 px tile of it or of the painting fits): larger
    // inputs fail the way a GPU allocation does.
    const limited = Object.create(vgg) as Vgg19;
    limited.features = (image, ...rest) => {
      if (image.shape[1] * image.shape[2] > 20_000) throw new Error('Failed to allocate 42 MB: out of memory');
      return vgg.features(image, ...rest);
    };
    const notices: string[] = [];
    const progress: Progress[] = [];
    const before = tf.memory().numTensors;
    const band = inputs({ content: photoBand });
    const image = await startStyleTransfer(limited, band, small({ size: 256, iterations: 2 }), {
      onNotice: (message) => notices.push(message),
      onIteration: (p) => void progress.push(p),
    }).result;
    expect(tf.memory().numTensors).toBe(before);
    expect([image.width, image.height]).toEqual([256, 96]);
    expect(notices).toEqual(['Out of memory at 256×96; continuing in 3 tiles of 128 px.']);
    expect(progress.at(-1)).toMatchObject({ tileCount: 3, totalIteration: 6, totalIterations: 6 });
    expect(difference(image, await photoAt(small({ size: 256 }), band))).toBeGreaterThan(1);
  });

  it.each(['lbfgs', 'adam'] as const)('goes on in smaller tiles when %s runs out of memory in the middle of a run, and frees what it held', async (optimizer) => {
    // The real network, whose next forward pass fails the way a GPU allocation does once armed:
    // after the first iteration, when the optimiser holds its state (L-BFGS's history, Adam's moments).
    let armed = false;
    const failing = Object.create(vgg) as Vgg19;
    failing.forward = (...args) => {
      if (armed) {
        armed = false;
        throw new Error('Failed to allocate 42 MB: out of memory');
      }
      return vgg.forward(...args);
    };
    const settings = small({ size: 256, iterations: 2, optimizer, ...(optimizer === 'adam' && { learningRate: 4 }) });
    const notices: string[] = [];
    const progress: Progress[] = [];
    const before = tf.memory().numTensors;
    const band = inputs({ content: photoBand });
    const image = await startStyleTransfer(failing, band, settings, {
      onNotice: (message) => notices.push(message),
      onIteration: (p) => {
        progress.push(p);
        if (p.tileCount === 1 && p.iteration === 1) armed = true;
      },
    }).result;
    expect(tf.memory().numTensors).toBe(before);
    expect([image.width, image.height]).toEqual([256, 96]);
    expect(notices).toEqual(['Out of memory at 256×96; continuing in 3 tiles of 128 px.']);
    // One iteration of the whole picture, then the scale again from its start, tile by tile.
    expect(progress[0]).toMatchObject({ tileCount: 1, iteration: 1, totalIteration: 1, totalIterations: 2 });
    expect(progress.slice(1).map((p) => p.tileIndex)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(progress.at(-1)).toMatchObject({ tileCount: 3, totalIteration: 6, totalIterations: 6 });
    expect(difference(image, await photoAt(settings, band))).toBeGreaterThan(1);
  });
});
