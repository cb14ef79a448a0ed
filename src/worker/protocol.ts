// The messages between the UI and the style worker. Type-only imports: nothing of tfjs reaches the UI.
import type { FrameStats, PreviousFrame, Progress, RgbaImage, StyleInputs } from '../engine';
import type { QualityMeasurement, StepMeasurement } from '../engine/benchmark/benchmark';
import type { FeatureSummary, FloatImage, Probe } from '../engine/benchmark/featureSummary';
import type { Gradients } from '../engine/network/vgg19';
import type { LayerName, Pooling } from '../engine/network/vgg19Architecture';
import type { Size } from '../engine/image/size';
import type { LossWeights, StyleSettings } from '../engine/settings';

export type { FrameStats, PreviousFrame, Progress, RgbaImage, StyleInputs };

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: unknown): value is BackendName {
  return (BACKEND_NAMES as readonly unknown[]).includes(value);
}

export interface BackendInfo {
  name: BackendName;
  /** What runs it, in words: "2 threads", "NVIDIA GeForce RTX 4070", ... */
  detail: string;
  /** wasm only: the threads XNNPACK really uses. */
  threads?: number;
}

export type ErrorKind = 'oom' | 'context-lost' | 'model' | 'input' | 'internal';

export type UiToWorker =
  | { type: 'init'; modelUrl: string; backend?: BackendName }
  /**
   * A run; with `video`, one frame of a clip: it carries on from the frame before (its input and
   * result) when there is one, with the long-term term also from frames t−2 and t−4
   * (`previous.further`), and its 'done' brings the frame's statistics.
   */
  | { type: 'start'; runId: number; inputs: StyleInputs; settings: StyleSettings; video?: { previous?: PreviousFrame } }
  | { type: 'updateWeights'; runId: number; weights: Partial<LossWeights> }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'cancel'; runId: number }
  /** Times an iteration, for the time estimate; a Start cancels it. Asked when a run is in view. */
  /** Times an iteration on noise pictures of `size` (at most 128 px): the run's first step, when it is that small. */
  | { type: 'measureSpeed'; size: Size }
  /** `npm run bench` only: measures the engine in this worker, on its backend. */
  | { type: 'benchmark'; request: BenchmarkRequest };

export type BenchmarkRequest =
  | { kind: 'steps'; content: RgbaImage; style: RgbaImage; size: number; iterations: number; gradients: Gradients; regions?: number }
  | { kind: 'quality'; content: RgbaImage; style: RgbaImage; size: number; referenceIterations: number }
  /** The network's activations on `image` at the layers `probes` names: the browser tests hold each backend to the golden ones. */
  | { kind: 'features'; image: FloatImage; pooling: Pooling; probes: Partial<Record<LayerName, Probe[]>> };

export type BenchmarkResult =
  | { kind: 'steps'; measurement: StepMeasurement }
  | { kind: 'quality'; measurement: QualityMeasurement }
  | { kind: 'features'; summaries: Partial<Record<LayerName, FeatureSummary>> };

/** Progress as the UI sees it: the engine's, plus the loss weights the run now uses. */
export interface RunProgress extends Progress {
  weights: LossWeights;
}

export type WorkerToUi =
  | { type: 'ready'; backend: BackendInfo; modelLoaded: boolean; loadMs: number }
  | { type: 'modelProgress'; loaded: number; total: number }
  /**
   * How fast this device is: seconds an iteration of a megapixel takes (measured once the model
   * is loaded, then from each run), so that the UI can say how long a run will take.
   */
  | { type: 'speed'; secondsPerMegapixel: number }
  | { type: 'started'; runId: number; width: number; height: number; settings: StyleSettings }
  | { type: 'progress'; runId: number; progress: RunProgress }
  | { type: 'frame'; runId: number; image: RgbaImage }
  | { type: 'paused'; runId: number; iteration: number; totalIteration: number }
  | { type: 'resumed'; runId: number }
  | { type: 'done'; runId: number; image: RgbaImage; stoppedEarly: boolean; frame?: FrameStats }
  | { type: 'cancelled'; runId: number }
  /** The worker changed course by itself (another backend, a smaller size) and says why. */
  | { type: 'notice'; runId?: number; message: string }
  | { type: 'error'; runId?: number; kind: ErrorKind; message: string }
  | { type: 'benchmarkResult'; result: BenchmarkResult };

/**
 * The buffers to transfer (not copy) with a message: the worker's images, which it no longer
 * needs. The UI's inputs are copied, since it keeps them for the next run.
 */
export function transferablesOf(message: WorkerToUi): Transferable[] {
  switch (message.type) {
    case 'frame':
    case 'done':
      return message.image.data.buffer instanceof ArrayBuffer ? [message.image.data.buffer] : [];
    default:
      return [];
  }
}
