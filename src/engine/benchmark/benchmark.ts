import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../image/image';
import { countReadbacks } from '../device/readbackCounter';
import { simdPeakGflopsPerThread } from './simdPeak';
import { startStepProfile, type StepPart, type StepProfile } from '../profile/stepProfile';
import { withDefaults, type StyleSettings } from '../settings';
import { CancelledError } from '../run/controls';
import type { StyleInputs } from '../run/inputs';
import { startStyleTransfer } from '../run/styleTransfer';
import type { Gradients, Vgg19 } from '../network/vgg19';

/** Speed and memory of the optimisation loop at one size, measured on a real run. */
export interface StepMeasurement {
  size: number;
  gradients: Gradients;
  /** Median wall time of an iteration that streams no frame, after `warmup` iterations. */
  msPerIter: number;
  /** Median wall time of an iteration that also reads its image back, as a streamed frame does. */
  msPerIterWithFrame: number;
  evaluationsPerIter: number;
  /** Mean reads back from the backend (tensor.data()) of an iteration that streams no frame. */
  readsPerIter: number;
  /**
   * Mean synchronous reads of an iteration: dataSync(), and kernels that a GPU backend runs on the
   * CPU. Each stalls a GPU, so 0 is the aim there; on wasm and cpu, kernels such as Slice read
   * their inputs this way from memory, which costs nothing.
   */
  syncReadsPerIter: number;
  /**
   * Milliseconds of an average iteration by kind of work, and `other` for the rest (reading frames,
   * the run loop, waiting for reads); null on a GPU, where wall times would time the queueing.
   */
  msPerIterByPart: Record<StepPart | 'other', number> | null;
  /**
   * For the parts that count their arithmetic (the convolutions' matrix products): billions of
   * floating-point operations an iteration, and how many a second they ran at.
   */
  gflopsByPart: Partial<Record<StepPart, { perIter: number; perSecond: number }>> | null;
  /** What one thread of WebAssembly SIMD does at most here, in the same units; null off wasm. */
  simdPeakGflopsPerThread: number | null;
  /** Most bytes held by tensors during one iteration. */
  peakBytes: number;
  /** Tensors alive after the run minus before it: 0 means nothing leaked. */
  numTensorsGrowth: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Distinct colours for made-up region maps. */
const BAND_COLOURS: readonly [number, number, number][] = [
  [230, 25, 75], [60, 180, 75], [0, 130, 200], [255, 225, 25], [145, 30, 180], [70, 240, 240], [245, 130, 48], [255, 255, 255],
];

/** A colour-coded map of `count` vertical bands over a picture of `size`. */
function bandMap({ width, height }: RgbaImage, count: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const band = Math.min(count - 1, Math.floor(((p % width) * count) / width));
    data.set([...BAND_COLOURS[band], 255], p * 4);
  }
  return { width, height, data };
}

/**
 * The bench's run: the photo and the painting, and with `regions` a semantic run whose target map
 * and painting's map are that many bands of the same colours (every region finds its pair).
 */
function benchInputs(content: RgbaImage, style: RgbaImage, regions: number): StyleInputs {
  if (!regions) return { content, styles: [{ image: style, weight: 1 }] };
  return { content, targetMap: bandMap(content, regions), styles: [{ image: style, weight: 1, map: bandMap(style, regions) }] };
}

/**
 * Runs `iterations` iterations at one scale and times each. Every other iteration also reads the
 * image back, as the app does when it streams a frame, so that both are timed in the same run.
 * The backend's reads are counted meanwhile: each one waits for the GPU to finish its queue.
 */
export async function measureSteps(
  vgg: Vgg19,
  content: RgbaImage,
  style: RgbaImage,
  options: { size: number; iterations: number; warmup?: number; gradients?: Gradients; settings?: Partial<StyleSettings>; regions?: number },
): Promise<StepMeasurement> {
  const { size, iterations, warmup = 1, gradients = 'fast' } = options;
  const inputs = benchInputs(content, style, options.regions ?? 0);
  const settings = withDefaults({ ...options.settings, size, scales: 1, iterations: iterations + warmup });
  const plain: number[] = [];
  const withFrame: number[] = [];
  const plainReads: number[] = [];
  const tensorsBefore = tf.memory().numTensors;
  let evaluations = 0;
  let syncReads = 0;
  const readbacks = countReadbacks();
  let readsBefore = 0;
  // Kernels run as they are called only on the CPU backends: only there do wall times say where time goes.
  const profiling = tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu';
  let profile: StepProfile | undefined;
  let profiledMs = 0;
  let byPart: Record<StepPart, number> | undefined;
  let flopsByPart: Record<StepPart, number> | undefined;
  let last = performance.now();
  try {
    const run = startStyleTransfer(vgg, inputs, settings, {
      gradients,
      async onIteration(progress, snapshot) {
        const frame = progress.iteration % 2 === 0;
        if (frame) await snapshot();
        const now = performance.now();
        if (progress.iteration > warmup) {
          (frame ? withFrame : plain).push(now - last);
          if (!frame) plainReads.push(readbacks.reads - readsBefore);
        }
        if (progress.iteration === warmup) {
          evaluations = -progress.evaluations;
          syncReads = -readbacks.syncReads;
          if (profiling) profile = startStepProfile();
          profiledMs = -now;
        }
        if (progress.iteration === progress.iterationsPerScale) {
          evaluations += progress.evaluations;
          syncReads += readbacks.syncReads;
          byPart = profile?.read();
          flopsByPart = profile?.flops();
          profiledMs += now;
        }
        readsBefore = readbacks.reads;
        last = performance.now();
      },
    });
    await run.result;
  } finally {
    readbacks.stop();
    profile?.stop();
  }
  const numTensorsGrowth = tf.memory().numTensors - tensorsBefore;
  // Peak memory of one iteration, in a separate short run: profiling slows the timed one.
  const memory = await tf.profile(async () => {
    await startStyleTransfer(vgg, inputs, { ...settings, iterations: 1 }, { gradients }).result;
  });
  return {
    size,
    gradients,
    msPerIter: median(plain.length ? plain : withFrame),
    msPerIterWithFrame: median(withFrame.length ? withFrame : plain),
    evaluationsPerIter: evaluations / iterations,
    readsPerIter: plainReads.reduce((sum, n) => sum + n, 0) / Math.max(1, plainReads.length),
    syncReadsPerIter: syncReads / iterations,
    msPerIterByPart: byPart ? perIteration(byPart, profiledMs, iterations) : null,
    gflopsByPart: byPart && flopsByPart ? rates(byPart, flopsByPart, iterations) : null,
    simdPeakGflopsPerThread: simdPeakGflopsPerThread(),
    peakBytes: memory.peakBytes,
    numTensorsGrowth,
  };
}

/** Each part's milliseconds an iteration, and what the parts leave of the iterations' wall time as `other`. */
function perIteration(byPart: Record<StepPart, number>, totalMs: number, iterations: number): Record<StepPart | 'other', number> {
  const parts = Object.entries(byPart).map(([part, ms]) => [part, Math.round(ms / iterations)] as const);
  const partsMs = Object.values(byPart).reduce((sum, ms) => sum + ms, 0);
  return { ...Object.fromEntries(parts), other: Math.round((totalMs - partsMs) / iterations) } as Record<StepPart | 'other', number>;
}

/** For each part that counted operations: GFLOP an iteration, and the GFLOPS it ran at. */
function rates(ms: Record<StepPart, number>, flops: Record<StepPart, number>, iterations: number) {
  const counted = (Object.keys(flops) as StepPart[]).filter((part) => flops[part] > 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  return Object.fromEntries(
    counted.map((part) => [part, { perIter: round(flops[part] / iterations / 1e9), perSecond: round(flops[part] / ms[part] / 1e6) }]),
  ) as Partial<Record<StepPart, { perIter: number; perSecond: number }>>;
}

/**
 * Milliseconds from starting the default schedule at `size` to its first picture read back: what
 * the app shows first, shader compilation and style targets included.
 */
export async function measureStartToFirstFrame(vgg: Vgg19, content: RgbaImage, style: RgbaImage, size = 256): Promise<number> {
  const start = performance.now();
  let ms = 0;
  const run = startStyleTransfer(vgg, { content, styles: [{ image: style, weight: 1 }] }, withDefaults({ size }), {
    async onIteration(_progress, snapshot) {
      if (ms) return;
      await snapshot();
      ms = performance.now() - start;
      run.cancel();
    },
  });
  await run.result.catch((error: unknown) => {
    if (!(error instanceof CancelledError)) throw error;
  });
  return ms;
}

export interface QualityMeasurement {
  size: number;
  referenceIterations: number;
  /**
   * Loss the classic run (single scale, per-pixel L-BFGS steps, as neural-style and the papers)
   * reaches after `referenceIterations`, and the seconds it takes.
   */
  singleScaleLoss: number;
  singleScaleSeconds: number;
  /**
   * Seconds the default multi-scale schedule takes to reach that loss at the output size, given up
   * to `referenceIterations` there (null: never).
   */
  secondsToQuality: number | null;
  multiScaleFinalLoss: number;
  /** secondsToQuality / singleScaleSeconds: the target is at most 0.4. */
  ratio: number | null;
  /**
   * The same comparison for a loss NEAR_QUALITY above the classic run's final one: the seconds
   * each run takes to it, and their ratio.
   */
  near: { tolerance: number; singleScaleSeconds: number; secondsToQuality: number | null; ratio: number | null };
  /**
   * Seconds a single-scale run with the default optimiser (pyramid steps) takes to that loss:
   * what the multi-scale schedule adds beyond the optimiser (null: not within the iterations).
   */
  singleScalePyramidSeconds: number | null;
}

/**
 * The classic run the time to quality is measured against: one scale, per-pixel L-BFGS steps with
 * a history of 8, whatever the defaults are.
 */
export const CLASSIC_SETTINGS: Partial<StyleSettings> = { scales: 1, pyramidLevels: 0, lbfgsHistory: 8 };

/**
 * How far above the classic run's final loss the "near" comparison aims, to tell a slow last
 * stretch from a slow path: near the end both curves are so flat that rounding-level changes to
 * the Winograd kernel transform took tubingen's ratio from 0.66 to 0.93.
 */
const NEAR_QUALITY = 0.005;

/**
 * Runs until the loss at the output size is at most `loss`; returns the seconds that took (null:
 * never), and when it first got to `nearLoss` on the way.
 */
async function secondsToLoss(
  vgg: Vgg19,
  content: RgbaImage,
  style: RgbaImage,
  settings: StyleSettings,
  loss: number,
  nearLoss = loss,
): Promise<{ seconds: number | null; nearSeconds: number | null; finalLoss: number }> {
  let seconds: number | null = null;
  let nearSeconds: number | null = null;
  let finalLoss = Infinity;
  const start = performance.now();
  const run = startStyleTransfer(vgg, { content, styles: [{ image: style, weight: 1 }] }, settings, {
    onIteration: (p) => {
      if (p.scaleIndex !== p.scaleCount - 1) return;
      finalLoss = p.losses.total;
      if (finalLoss <= nearLoss) nearSeconds ??= (performance.now() - start) / 1000;
      if (finalLoss <= loss) {
        seconds = (performance.now() - start) / 1000;
        run.stop();
      }
    },
  });
  await run.result;
  return { seconds, nearSeconds, finalLoss };
}

/**
 * How much sooner the default multi-scale schedule gets to the quality of the classic
 * single-scale run: both optimise the same objective at the output size, from the photo.
 */
export async function measureSecondsToQuality(
  vgg: Vgg19,
  content: RgbaImage,
  style: RgbaImage,
  size: number,
  referenceIterations = 300,
): Promise<QualityMeasurement> {
  const start = performance.now();
  let singleScaleLoss = Infinity;
  // The classic run's loss after each iteration and when: its time to the near loss is read off later.
  const trace: { seconds: number; loss: number }[] = [];
  const classic = withDefaults({ size, iterations: referenceIterations, ...CLASSIC_SETTINGS });
  await startStyleTransfer(vgg, { content, styles: [{ image: style, weight: 1 }] }, classic, {
    onIteration: (p) => {
      singleScaleLoss = p.losses.total;
      trace.push({ seconds: (performance.now() - start) / 1000, loss: singleScaleLoss });
    },
  }).result;
  const singleScaleSeconds = (performance.now() - start) / 1000;
  const nearLoss = singleScaleLoss * (1 + NEAR_QUALITY);
  const classicNearSeconds = trace.find((t) => t.loss <= nearLoss)!.seconds;

  // As many iterations at the output size as the classic run, so that a ratio is measured even
  // where the default 150 stop short of its loss.
  const multi = await secondsToLoss(vgg, content, style, withDefaults({ size, iterations: referenceIterations }), singleScaleLoss, nearLoss);
  const pyramid = await secondsToLoss(vgg, content, style, withDefaults({ size, scales: 1, iterations: referenceIterations }), singleScaleLoss);
  return {
    size,
    referenceIterations,
    singleScaleLoss,
    singleScaleSeconds,
    secondsToQuality: multi.seconds,
    multiScaleFinalLoss: multi.finalLoss,
    ratio: multi.seconds === null ? null : multi.seconds / singleScaleSeconds,
    near: {
      tolerance: NEAR_QUALITY,
      singleScaleSeconds: classicNearSeconds,
      secondsToQuality: multi.nearSeconds,
      ratio: multi.nearSeconds === null ? null : multi.nearSeconds / classicNearSeconds,
    },
    singleScalePyramidSeconds: pyramid.seconds,
  };
}
