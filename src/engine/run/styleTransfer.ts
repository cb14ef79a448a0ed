import * as tf from '@tensorflow/tfjs';
import { Adam } from '../optimise/adam';
import { tileSizeForDevice } from './tileSize';
import { grayscale, grayscaleMatchedTo, matchColourHistogram, withColoursOf } from '../image/colour';
import { imageToTensor, maskToTensor, resizeImage, tensorToImage, PIXEL_MAX, type RgbaImage } from '../image/image';
import { Lbfgs } from '../optimise/lbfgs';
import { Objective, type LossValues } from '../loss/objective';
import type { ImageOptimizer } from '../optimise/optimizer';
import { pixelIterations, planRun, type ScalePlan } from './plan';
import { seededRandom } from '../image/random';
import { fitLongSide, type Size } from '../image/size';
import { MIN_STYLE_SIZE, MIN_TILE_SIZE, type LossWeights, type StyleSettings } from '../settings';
import { normalisedLayers, StyleTargets, type WeightedStyle } from '../loss/styleTargets';
import { blendTile, tileLayout, tileStart, type Tile } from '../image/tiles';
import type { Gradients, Vgg19 } from '../network/vgg19';

/** The pictures of a run. */
export interface StyleInputs {
  /** The photo, whose shapes the result keeps. */
  content: RgbaImage;
  /** One painting or several, each with its share of the style (neural-style's blend weights). */
  styles: { image: RgbaImage; weight: number }[];
  /** Where the style applies: white (style) to black (the photo stays). Any size: it is fitted. */
  mask?: RgbaImage;
  /** The picture a run with init 'previous' starts from: usually the last result. */
  previous?: RgbaImage;
}

export interface Progress {
  /** 0-based index of the current scale, and how many there are. */
  scaleIndex: number;
  scaleCount: number;
  /** Size of the image at this scale. */
  width: number;
  height: number;
  /** 0-based index of the tile being optimised at this scale, and how many there are. */
  tileIndex: number;
  tileCount: number;
  /** Pixels of the image (or tile) each iteration optimises now. */
  pixels: number;
  /** 1-based iteration within this scale (or tile), and the iterations each tile of this scale runs. */
  iteration: number;
  iterationsPerScale: number;
  /** Iterations done over all scales and tiles, and the total. */
  totalIteration: number;
  totalIterations: number;
  /** Objective evaluations so far (L-BFGS's line search may take more than one an iteration). */
  evaluations: number;
  losses: LossValues;
  iterationsPerSecond: number;
  /** Estimated time to the end of the last scale. */
  secondsLeft: number;
}

export interface RunHooks {
  /**
   * Called after every iteration. `snapshot` reads the current image (call it before returning,
   * and only when a frame is wanted: reading pixels back costs time). The run waits for a
   * returned promise.
   */
  onIteration?: (progress: Progress, snapshot: () => Promise<RgbaImage>) => void | Promise<void>;
  /** Stock tfjs gradients instead of the fast ones: only the benchmark's baseline wants this. */
  gradients?: Gradients;
  /** Told when the run changes course by itself, e.g. smaller tiles after running out of memory. */
  onNotice?: (message: string) => void;
}

export interface StyleTransferRun {
  /** The finished image; rejects with CancelledError after cancel(). */
  readonly result: Promise<RgbaImage>;
  /** Changes the loss weights from the next iteration on, keeping the iteration count. */
  setWeights(weights: Partial<LossWeights>): void;
  pause(): void;
  resume(): void;
  /** Ends early: `result` resolves with the image as it is now. */
  stop(): void;
  /** Abandons the run: `result` rejects with CancelledError. */
  cancel(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('The style transfer was cancelled');
    this.name = 'CancelledError';
  }
}

/** Messages of out-of-memory failures across the backends (wasm, WebGL, WebGPU). */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot enlarge memory|memory limit/i.test(text);
}

function noise(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const random = seededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random() * PIXEL_MAX), shape);
}

function createOptimizer(settings: StyleSettings, start: tf.Tensor4D): ImageOptimizer {
  return settings.optimizer === 'adam'
    ? new Adam(start, settings.learningRate)
    : new Lbfgs(start, { history: settings.lbfgsHistory, initialStep: settings.learningRate, pyramidLevels: settings.pyramidLevels });
}

/** Seconds an iteration takes, averaged over the last few, for the rate and time-left estimate. */
class IterationClock {
  private times: number[] = [];
  private last = performance.now();

  restart(): void {
    this.times = [];
    this.last = performance.now();
  }

  tick(): number {
    const now = performance.now();
    this.times.push((now - this.last) / 1000);
    if (this.times.length > 5) this.times.shift();
    this.last = now;
    return this.times.reduce((a, b) => a + b, 0) / this.times.length;
  }
}

/**
 * The run's pictures as tensors on the full photo's grid, after colour preservation: what the
 * network sees (`content`, `styles`) and what the output is finished with (`photo`, `mask`).
 */
interface PreparedInputs {
  content: tf.Tensor4D;
  styles: WeightedStyle[];
  /** The photo in colour: luminance mode takes its colours back, the mask its unstyled parts. */
  photo: tf.Tensor4D;
  mask?: tf.Tensor4D;
  previous?: tf.Tensor4D;
}

async function prepareInputs(inputs: StyleInputs, settings: StyleSettings): Promise<PreparedInputs> {
  if (inputs.styles.length === 0) throw new Error('A style image is needed');
  if (settings.init === 'previous' && !inputs.previous) throw new Error('Starting from the previous result needs one');
  const photo = imageToTensor(inputs.content);
  const { width, height } = inputs.content;
  const paintings = inputs.styles.map(({ image, weight }) => ({ image: imageToTensor(image), weight }));
  const mask = inputs.mask && tf.tidy(() => resizeImage(maskToTensor(inputs.mask!), { width, height }));
  const previous = inputs.previous && imageToTensor(inputs.previous);
  switch (settings.colour) {
    case 'none':
      return { content: photo.clone(), styles: paintings, photo, mask, previous };
    case 'histogram': {
      const styles = await Promise.all(
        paintings.map(async ({ image, weight }) => ({ image: await matchColourHistogram(image, photo), weight })),
      );
      tf.dispose(paintings.map((p) => p.image));
      return { content: photo.clone(), styles, photo, mask, previous };
    }
    case 'luminance': {
      const styles = paintings.map(({ image, weight }) => ({ image: grayscaleMatchedTo(image, photo), weight }));
      tf.dispose(paintings.map((p) => p.image));
      const grayPrevious = previous && grayscale(previous);
      previous?.dispose();
      return { content: grayscale(photo), styles, photo, mask, previous: grayPrevious };
    }
  }
}

function disposeInputs({ content, styles, photo, mask, previous }: PreparedInputs): void {
  tf.dispose([content, photo, ...styles.map((s) => s.image)]);
  mask?.dispose();
  previous?.dispose();
}

function initialImage(settings: StyleSettings, prepared: PreparedInputs, size: Size): tf.Tensor4D {
  switch (settings.init) {
    case 'content':
      return resizeImage(prepared.content, size);
    case 'previous':
      return resizeImage(prepared.previous!, size);
    case 'gray':
      return tf.fill([1, size.height, size.width, 3], PIXEL_MAX / 2) as tf.Tensor4D;
    case 'noise':
      return noise([1, size.height, size.width, 3], settings.seed);
  }
}

/** The painting at this scale: its long side is the scale's times the style scale. */
function stylesAtScale(styles: WeightedStyle[], size: Size, styleScale: number): WeightedStyle[] {
  const longSide = Math.max(MIN_STYLE_SIZE, Math.round(Math.max(size.width, size.height) * styleScale));
  return styles.map(({ image, weight }) => {
    const [, height, width] = image.shape;
    return { image: resizeImage(image, fitLongSide({ width, height }, longSide)), weight };
  });
}

/**
 * Turns the optimised image into the picture the user sees: luminance mode puts the photo's
 * colours back, and a mask keeps the photo where it is black.
 */
class Finish {
  private readonly photo: tf.Tensor4D;
  /** The mask at this scale, which the style loss reads too. */
  readonly mask?: tf.Tensor4D;

  constructor(
    prepared: PreparedInputs,
    size: Size,
    private readonly colour: StyleSettings['colour'],
  ) {
    this.photo = resizeImage(prepared.photo, size);
    this.mask = prepared.mask && resizeImage(prepared.mask, size);
  }

  apply(image: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let x = this.colour === 'luminance' ? withColoursOf(image, this.photo) : image;
      if (this.mask) x = tf.add(this.photo, tf.mul(this.mask, tf.sub(x, this.photo)));
      return x === image ? x.clone() : x;
    });
  }

  async toImage(image: tf.Tensor4D): Promise<RgbaImage> {
    const finished = this.apply(image);
    try {
      return await tensorToImage(finished);
    } finally {
      finished.dispose();
    }
  }

  dispose(): void {
    this.photo.dispose();
    this.mask?.dispose();
  }
}

/**
 * The previous scale's result at `size`, with the photo's detail that the smaller scale could
 * not hold (the photo minus its own round trip through that scale) added back.
 */
function upscaleWithDetail(image: tf.Tensor4D, photo: tf.Tensor4D, size: Size): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = image.shape;
    const sharp = resizeImage(photo, size);
    const blurred = resizeImage(resizeImage(photo, { width, height }), size);
    return tf.clipByValue(tf.add(resizeImage(image, size), tf.sub(sharp, blurred)), 0, PIXEL_MAX) as tf.Tensor4D;
  });
}

const crop = (image: tf.Tensor4D, tile: Tile) =>
  tf.slice(image, [0, tile.y, tile.x, 0], [1, tile.height, tile.width, image.shape[3]]) as tf.Tensor4D;

/**
 * Runs Gatys et al.'s style transfer of `inputs.styles` onto `inputs.content`: the multi-scale
 * schedule, each scale started from the upscaled result of the one before and optimised whole
 * or in blended tiles, reporting after every iteration.
 */
export function startStyleTransfer(
  vgg: Vgg19,
  inputs: StyleInputs,
  settings: StyleSettings,
  hooks: RunHooks = {},
): StyleTransferRun {
  let weights = { ...settings.weights };
  let weightsChanged = false;
  let ending: 'stop' | 'cancel' | undefined;
  let resumeGate: { promise: Promise<void>; open: () => void } | undefined;
  const styleLayers = normalisedLayers(settings.styleLayers).map(([layer]) => layer);

  async function run(): Promise<RgbaImage> {
    const tileSize = tileSizeForDevice(inputs.content, settings, hooks.onNotice);
    const plan: ScalePlan[] = planRun(inputs.content, { ...settings, tileSize });
    const prepared = await prepareInputs(inputs, settings);
    let totalIterations = plan.reduce((n, s) => n + s.tiles.length * s.iterations, 0);
    let totalIteration = 0;
    let evaluations = 0;
    let image: tf.Tensor4D | undefined;
    let finish: Finish | undefined;
    const clock = new IterationClock();
    // Everything a scale allocates, so that an abandoned scale (out of memory, cancel) frees it.
    const scaleTensors: { dispose(): void }[] = [];
    const freeScale = () => scaleTensors.splice(0).forEach((t) => t.dispose());

    /** Optimises one scale tile by tile on `canvas`, which holds `initial` (its start image, as RGB floats). */
    async function runScale(scaleIndex: number, size: Size, tileSize: number, initial: Float32Array, canvas: Float32Array): Promise<void> {
      const { tiles, iterations } = plan[scaleIndex];
      const content = resizeImage(prepared.content, size);
      scaleTensors.push(content);
      const mask = finish!.mask;
      const styles = stylesAtScale(prepared.styles, size, settings.styleScale);
      let targets: StyleTargets;
      try {
        targets = StyleTargets.compute(vgg, styles, styleLayers, settings.pooling, tileSize);
      } finally {
        tf.dispose(styles.map((s) => s.image));
      }
      scaleTensors.push(targets);
      const done: Tile[] = [];
      const pixelsLeft = (tileIndex: number, iteration: number) =>
        tiles.slice(tileIndex).reduce((sum, t) => sum + t.width * t.height, 0) * iterations -
        tiles[tileIndex].width * tiles[tileIndex].height * iteration +
        pixelIterations(plan.slice(scaleIndex + 1));

      for (let tileIndex = 0; tileIndex < tiles.length && !ending; tileIndex++) {
        const tile = tiles[tileIndex];
        const contentTile = crop(content, tile);
        const maskTile = mask && crop(mask, tile);
        let objective: Objective;
        try {
          objective = new Objective(vgg, contentTile, targets, settings, { mask: maskTile, gradients: hooks.gradients });
        } finally {
          contentTile.dispose();
          maskTile?.dispose();
        }
        if (!(await objective.hasStyleArea())) {
          // All black under the mask: the photo stays here, so there is nothing to optimise.
          objective.dispose();
          totalIteration += iterations;
          done.push(tile);
          continue;
        }
        const start = tf.tensor4d(tileStart(canvas, initial, size, tile, done, tiles), [1, tile.height, tile.width, 3]);
        const optimizer = createOptimizer(settings, start);
        start.dispose();
        // Freed after the tile, or with the scale when it fails or is cancelled.
        const tileTensors = [objective, optimizer];
        scaleTensors.push(...tileTensors);
        clock.restart();
        const snapshot = async (): Promise<RgbaImage> => {
          if (tiles.length === 1) return finish!.toImage(optimizer.image);
          const pixels = await optimizer.image.data();
          const composed = canvas.slice();
          blendTile(composed, size, tile, pixels, done);
          const whole = tf.tensor4d(composed, [1, size.height, size.width, 3]);
          try {
            return await finish!.toImage(whole);
          } finally {
            whole.dispose();
          }
        };

        for (let iteration = 1; iteration <= iterations; iteration++) {
          if (resumeGate) {
            await resumeGate.promise;
            clock.restart();
          }
          if (ending) break;
          if (weightsChanged) {
            optimizer.reset();
            weightsChanged = false;
          }
          const step = await optimizer.step((x) => objective.evaluate(x, weights));
          evaluations += step.evaluations;
          totalIteration++;
          const secondsPerIteration = clock.tick();
          const secondsPerPixel = secondsPerIteration / (tile.width * tile.height);
          await hooks.onIteration?.(
            {
              scaleIndex,
              scaleCount: plan.length,
              width: size.width,
              height: size.height,
              tileIndex,
              tileCount: tiles.length,
              pixels: tile.width * tile.height,
              iteration,
              iterationsPerScale: iterations,
              totalIteration,
              totalIterations,
              evaluations,
              losses: step.losses,
              iterationsPerSecond: 1 / secondsPerIteration,
              secondsLeft: pixelsLeft(tileIndex, iteration) * secondsPerPixel,
            },
            snapshot,
          );
        }
        if (ending === 'cancel') return;
        blendTile(canvas, size, tile, await optimizer.image.data(), done);
        done.push(tile);
        for (const t of tileTensors) {
          t.dispose();
          scaleTensors.splice(scaleTensors.indexOf(t), 1);
        }
      }
    }

    try {
      for (let scaleIndex = 0; scaleIndex < plan.length && !ending; scaleIndex++) {
        const { size, iterations } = plan[scaleIndex];
        finish?.dispose();
        finish = new Finish(prepared, size, settings.colour);
        const start = image ? upscaleWithDetail(image, prepared.content, size) : initialImage(settings, prepared, size);
        const startPixels = (await start.data()) as Float32Array;
        start.dispose();
        let scaleTileSize = tileSize;
        for (;;) {
          const canvas = new Float32Array(startPixels);
          const before = totalIteration;
          try {
            await runScale(scaleIndex, size, scaleTileSize, startPixels, canvas);
            freeScale();
            image?.dispose();
            image = tf.tensor4d(canvas, [1, size.height, size.width, 3]);
            break;
          } catch (error) {
            freeScale();
            // A step this large does not fit: do this scale again in tiles of half the size.
            const smaller = Math.floor(Math.min(scaleTileSize, Math.max(size.width, size.height)) / 2);
            if (!isOutOfMemory(error) || smaller < MIN_TILE_SIZE) throw error;
            scaleTileSize = smaller;
            const tiles = tileLayout(size, scaleTileSize);
            totalIterations += (tiles.length - plan[scaleIndex].tiles.length) * iterations;
            plan[scaleIndex] = { size, tiles, iterations };
            totalIteration = before;
            hooks.onNotice?.(
              `Out of memory at ${size.width}×${size.height}; continuing in ${tiles.length} tiles of ${scaleTileSize} px.`,
            );
          }
        }
        if (ending === 'cancel') break;
      }
      if (ending === 'cancel') throw new CancelledError();
      return await finish!.toImage(image!);
    } finally {
      freeScale();
      finish?.dispose();
      disposeInputs(prepared);
      image?.dispose();
    }
  }

  const openGate = () => {
    resumeGate?.open();
    resumeGate = undefined;
  };

  return {
    result: run(),
    setWeights(partial) {
      weights = { ...weights, ...partial };
      weightsChanged = true;
    },
    pause() {
      if (resumeGate) return;
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      resumeGate = { promise, open };
    },
    resume: openGate,
    stop() {
      ending ??= 'stop';
      openGate();
    },
    cancel() {
      ending = 'cancel';
      openGate();
    },
  };
}
