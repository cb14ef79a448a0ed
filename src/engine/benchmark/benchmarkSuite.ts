// What `npm run bench` measures on one backend, in which order, and the JSON line each measurement
// gives: one definition for the browser page (which measures through the worker) and for Node
// (which calls the engine directly). Type-only engine imports: the page's main thread has no tfjs.
import type { QualityMeasurement, StepMeasurement } from './benchmark';
import type { RgbaImage } from '../image/image';
import type { Gradients } from '../network/vgg19';

/** The demo pictures the step measurements use, from public/demo/. */
export const BENCH_CONTENT = 'winter-wolf.jpg';
export const BENCH_STYLE = 'the_scream.jpg';

/** A photo and a painting from public/demo/. */
export interface BenchPair {
  content: string;
  style: string;
}

/**
 * The pairs the time-to-quality comparison runs on, one line each: the step measurements' pair and
 * a second one, so that the default schedule is not tuned to one picture.
 */
export const QUALITY_PAIRS: readonly BenchPair[] = [
  { content: BENCH_CONTENT, style: BENCH_STYLE },
  { content: 'tubingen.jpg', style: 'starry_night.jpg' },
];

/** A step estimated to take longer than this is skipped, and the skip said in a line. */
const MAX_STEP_MS = 60_000;
/** How much slower the plain baseline is guessed to be before one has been measured. */
const FIRST_BASELINE_RATIO = 15;
/** The semantic run measured beside the plain one: this many regions, at this size. */
export const REGION_BENCH = { regions: 4, size: 256 } as const;

export type BenchLine = Record<string, unknown>;

/** One backend, measured wherever it runs. */
export interface BenchTarget {
  /** The backend's name in every line. */
  backend: string;
  /** With `regions`, a semantic run whose target map has that many regions (0: a plain run). */
  steps(size: number, iterations: number, gradients: Gradients, regions?: number): Promise<StepMeasurement>;
  quality(pair: BenchPair, size: number, referenceIterations: number): Promise<QualityMeasurement>;
}

export interface SuiteOptions {
  sizes: number[];
  /** Size of the time-to-quality comparison (on each of QUALITY_PAIRS); 0: none. */
  qualitySize: number;
  /** Iterations of the classic run whose loss the quality comparison aims for. */
  referenceIterations: number;
}

const rounded = (value: number, digits: number) => +value.toFixed(digits);
const roundedOrNull = (value: number | null, digits: number) => (value === null ? null : rounded(value, digits));

/**
 * The step at each size against the plain baseline, then the time to quality on each pair. Each size's step
 * is estimated from the last one (time grows with the pixels), so that hopeless sizes are skipped.
 */
export async function runBenchmarkSuite(target: BenchTarget, options: SuiteOptions, emit: (line: BenchLine) => void): Promise<void> {
  const { backend } = target;
  let lastMs = 0;
  let lastSize = 0;
  let baselineRatio = FIRST_BASELINE_RATIO;
  for (const size of options.sizes) {
    const estimate = lastMs * (size / lastSize) ** 2;
    if (lastMs && estimate > MAX_STEP_MS) {
      emit({ type: 'skip', backend, size, reason: `a step would take about ${Math.round(estimate / 1000)} s` });
      continue;
    }
    const m = await target.steps(size, estimate > 20_000 ? 4 : 8, 'fast');
    const baselineEstimate = m.msPerIter * baselineRatio;
    let baselineMsPerIter: number | null = null;
    if (baselineEstimate <= MAX_STEP_MS) {
      baselineMsPerIter = (await target.steps(size, 2, 'stock')).msPerIter;
      baselineRatio = baselineMsPerIter / m.msPerIter;
    } else {
      emit({ type: 'skip', backend, size, baseline: true, reason: `a baseline step would take about ${Math.round(baselineEstimate / 1000)} s` });
    }
    emit({
      backend,
      size,
      msPerIter: Math.round(m.msPerIter),
      baselineMsPerIter: roundedOrNull(baselineMsPerIter, 0),
      speedup: baselineMsPerIter === null ? null : rounded(baselineMsPerIter / m.msPerIter, 2),
      peakBytes: m.peakBytes,
      numTensorsGrowth: m.numTensorsGrowth,
      evaluationsPerIter: rounded(m.evaluationsPerIter, 2),
      readsPerIter: rounded(m.readsPerIter, 2),
      syncReadsPerIter: rounded(m.syncReadsPerIter, 2),
      msPerIterWithFrame: Math.round(m.msPerIterWithFrame),
      frameOverhead: rounded(m.msPerIterWithFrame / m.msPerIter - 1, 3),
      msPerIterByPart: m.msPerIterByPart,
      gflopsByPart: m.gflopsByPart,
      simdPeakGflopsPerThread: m.simdPeakGflopsPerThread === null ? null : rounded(m.simdPeakGflopsPerThread, 1),
    });
    if (size === REGION_BENCH.size) {
      const r = await target.steps(size, 8, 'fast', REGION_BENCH.regions);
      emit({
        type: 'regions',
        backend,
        size,
        regions: REGION_BENCH.regions,
        msPerIter: Math.round(r.msPerIter),
        plainMsPerIter: Math.round(m.msPerIter),
        timeRatio: rounded(r.msPerIter / m.msPerIter, 3),
        peakBytes: r.peakBytes,
        plainPeakBytes: m.peakBytes,
        memoryRatio: rounded(r.peakBytes / m.peakBytes, 3),
        numTensorsGrowth: r.numTensorsGrowth,
        msPerIterByPart: r.msPerIterByPart,
      });
    }
    lastMs = m.msPerIter;
    lastSize = size;
  }

  for (const pair of options.qualitySize ? QUALITY_PAIRS : []) {
    const q = await target.quality(pair, options.qualitySize, options.referenceIterations);
    emit({
      type: 'quality',
      backend,
      content: pair.content,
      style: pair.style,
      size: q.size,
      secondsToQuality: roundedOrNull(q.secondsToQuality, 1),
      singleScaleSeconds: rounded(q.singleScaleSeconds, 1),
      ratio: roundedOrNull(q.ratio, 3),
      singleScaleLoss: rounded(q.singleScaleLoss, 4),
      multiScaleFinalLoss: rounded(q.multiScaleFinalLoss, 4),
      singleScalePyramidSeconds: roundedOrNull(q.singleScalePyramidSeconds, 1),
      referenceIterations: q.referenceIterations,
      nearQuality: q.near.tolerance,
      nearSecondsToQuality: roundedOrNull(q.near.secondsToQuality, 1),
      nearSingleScaleSeconds: rounded(q.near.singleScaleSeconds, 1),
      nearRatio: roundedOrNull(q.near.ratio, 3),
    });
  }
}

export function errorLine(backend: string, error: unknown): BenchLine {
  return { type: 'error', backend, message: error instanceof Error ? error.message : String(error) };
}

/** The centre square of an image, so that "size 256" means 256x256 pixels as the targets do. */
export function centreSquare({ width, height, data }: RgbaImage): RgbaImage {
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Uint8ClampedArray(side * side * 4);
  for (let row = 0; row < side; row++) {
    const from = ((top + row) * width + left) * 4;
    square.set(data.subarray(from, from + side * 4), row * side * 4);
  }
  return { width: side, height: side, data: square };
}
