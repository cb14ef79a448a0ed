import * as tf from '@tensorflow/tfjs';
import { Adam } from './adam';
import { imageToTensor, resizeImage, tensorToImage, PIXEL_MAX, type RgbaImage } from './image';
import { Lbfgs } from './lbfgs';
import { Objective, type LossValues } from './objective';
import type { ImageOptimizer } from './optimizer';
import { seededRandom } from './random';
import { fitLongSide, scaleSizes, type Size } from './schedule';
import type { LossWeights, StyleSettings } from './settings';
import type { Gradients, Vgg19 } from './vgg19';

export interface Progress {
  /** 0-based index of the current scale, and how many there are. */
  scaleIndex: number;
  scaleCount: number;
  /** Size of the image at this scale. */
  width: number;
  height: number;
  /** 1-based iteration within this scale, and the iterations each scale runs. */
  iteration: number;
  iterationsPerScale: number;
  /** Iterations done over all scales, and the total. */
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

function initialImage(settings: StyleSettings, content: tf.Tensor4D): tf.Tensor4D {
  switch (settings.init) {
    case 'content':
      return content.clone();
    case 'gray':
      return tf.fill(content.shape, PIXEL_MAX / 2) as tf.Tensor4D;
    case 'noise': {
      const random = seededRandom(settings.seed);
      const values = Float32Array.from({ length: content.size }, () => random() * PIXEL_MAX);
      return tf.tensor4d(values, content.shape);
    }
  }
}

function createOptimizer(settings: StyleSettings, start: tf.Tensor4D): ImageOptimizer {
  return settings.optimizer === 'adam'
    ? new Adam(start, settings.learningRate)
    : new Lbfgs(start, { history: settings.lbfgsHistory, initialStep: settings.learningRate });
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
 * Runs Gatys et al.'s style transfer of `style` onto `content`: the multi-scale schedule, each
 * scale started from the upscaled result of the one before, reporting after every iteration.
 */
export function startStyleTransfer(
  vgg: Vgg19,
  content: RgbaImage,
  style: RgbaImage,
  settings: StyleSettings,
  hooks: RunHooks = {},
): StyleTransferRun {
  let weights = { ...settings.weights };
  let weightsChanged = false;
  let ending: 'stop' | 'cancel' | undefined;
  let resumeGate: { promise: Promise<void>; open: () => void } | undefined;

  async function run(): Promise<RgbaImage> {
    const sizes = scaleSizes(settings.size, settings.scales).map((s) => fitLongSide(content, s));
    const pixels = (s: Size) => s.width * s.height;
    const totalIterations = sizes.length * settings.iterations;
    const contentFull = imageToTensor(content);
    const styleFull = imageToTensor(style);
    let image: tf.Tensor4D | undefined;
    let objective: Objective | undefined;
    let optimizer: ImageOptimizer | undefined;
    let evaluations = 0;
    const clock = new IterationClock();
    try {
      for (let scaleIndex = 0; scaleIndex < sizes.length && !ending; scaleIndex++) {
        const size = sizes[scaleIndex];
        const contentScaled = resizeImage(contentFull, size);
        const styleScaled = resizeImage(styleFull, fitLongSide(style, Math.max(size.width, size.height)));
        objective = new Objective(vgg, contentScaled, styleScaled, settings, hooks.gradients);
        styleScaled.dispose();
        const start = image ? resizeImage(image, size) : initialImage(settings, contentScaled);
        contentScaled.dispose();
        image?.dispose();
        image = undefined;
        optimizer = createOptimizer(settings, start);
        start.dispose();
        clock.restart();

        for (let iteration = 1; iteration <= settings.iterations; iteration++) {
          if (resumeGate) {
            await resumeGate.promise;
            clock.restart();
          }
          if (ending) break;
          if (weightsChanged) {
            optimizer.reset();
            weightsChanged = false;
          }
          const current = objective;
          const step = await optimizer.step((x) => current.evaluate(x, weights));
          evaluations += step.evaluations;
          const secondsPerIteration = clock.tick();
          const laterWork = sizes
            .slice(scaleIndex + 1)
            .reduce((sum, s) => sum + (settings.iterations * pixels(s)) / pixels(size), 0);
          const live = optimizer;
          await hooks.onIteration?.(
            {
              scaleIndex,
              scaleCount: sizes.length,
              width: size.width,
              height: size.height,
              iteration,
              iterationsPerScale: settings.iterations,
              totalIteration: scaleIndex * settings.iterations + iteration,
              totalIterations,
              evaluations,
              losses: step.losses,
              iterationsPerSecond: 1 / secondsPerIteration,
              secondsLeft: (settings.iterations - iteration + laterWork) * secondsPerIteration,
            },
            () => tensorToImage(live.image),
          );
        }
        if (ending === 'cancel') throw new CancelledError();
        image = optimizer.image.clone();
        optimizer.dispose();
        optimizer = undefined;
        objective.dispose();
        objective = undefined;
      }
      if (ending === 'cancel') throw new CancelledError();
      return await tensorToImage(image!);
    } finally {
      optimizer?.dispose();
      objective?.dispose();
      tf.dispose([contentFull, styleFull]);
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
