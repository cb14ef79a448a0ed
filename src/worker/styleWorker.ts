// The style worker: owns tfjs, the model and the running style transfer, so the page never stalls.
import {
  CancelledError,
  isOutOfMemory,
  outputGrid,
  startStyleTransfer,
  startVideoFrame,
  Vgg19,
  type FrameStats,
  type RgbaImage,
  type Progress,
  type RunHooks,
  type StyleInputs,
  type StyleTransferRun,
} from '../engine';
import type { RunControls } from '../engine/run/controls';
import { measureSecondsToQuality, measureSteps } from '../engine/benchmark/benchmark';
import { summariseFeatures } from '../engine/benchmark/featureSummary';
import { seededRandom } from '../engine/image/random';
import { fitLongSide, type Size } from '../engine/image/size';
import { STYLE_TERM_COST } from '../engine/run/plan';
import { withDefaults, type LossWeights, type StyleSettings } from '../engine/settings';
import { fallBackToCpuBackend, isGpuBackend, startBackend } from './backend';
import { GpuFailureError, unlessGpuLost, watchGpu, type GpuFailure } from './gpuFailures';
import {
  transferablesOf,
  type BackendInfo,
  type BenchmarkRequest,
  type BenchmarkResult,
  type ErrorKind,
  type UiToWorker,
  type WorkerToUi,
} from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** At most this often a frame is read back and sent: about 4 a second. */
const FRAME_INTERVAL_MS = 250;
/** Output sizes tried, largest first, when a GPU runs out of memory. */
const SMALLER_SIZES = [768, 512, 384, 256];

function post(message: WorkerToUi): void {
  scope.postMessage(message, transferablesOf(message));
}

/** Lets queued messages (pause, stop, new weights) in: on wasm, the run never yields otherwise. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

class ModelError extends Error {}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function classify(error: unknown): ErrorKind {
  if (error instanceof ModelError) return 'model';
  const text = errorText(error);
  if (isOutOfMemory(error)) return 'oom';
  if (/context (was |is )?lost|CONTEXT_LOST|device (was |is )?lost/i.test(text)) return 'context-lost';
  return 'internal';
}

let modelUrl = '';
let backend: BackendInfo | undefined;
let vgg: Vgg19 | undefined;
let engineReady: Promise<void> = Promise.resolve();

async function loadModel(): Promise<Vgg19> {
  try {
    return await Vgg19.load(
      async (filename) => {
        const response = await fetch(new URL(filename, modelUrl));
        if (!response.ok) throw new Error(`${filename}: HTTP ${response.status}`);
        return response.arrayBuffer();
      },
      (loaded, total) => post({ type: 'modelProgress', loaded, total }),
    );
  } catch (error) {
    throw new ModelError(`The VGG19 model could not be loaded (${errorText(error)}).`);
  }
}

async function initialise(message: Extract<UiToWorker, { type: 'init' }>): Promise<void> {
  const started = performance.now();
  modelUrl = message.modelUrl;
  try {
    const chosen = await startBackend(message.backend);
    backend = chosen.backend;
    watchGpu(onGpuFailure);
    vgg = await loadModel();
    post({ type: 'ready', backend, modelLoaded: true, loadMs: performance.now() - started });
    // After "ready", whose own line would replace it: the user reads why the backend is another.
    if (chosen.note) post({ type: 'notice', message: chosen.note });
  } catch (error) {
    post({ type: 'error', kind: classify(error), message: errorText(error) });
  }
}

/**
 * The GPU failed. A run (under way or queued) abandons its engine run and recovers in execute();
 * outside a run the worker leaves the GPU at once, so that the badge tells the truth and the
 * next run starts on wasm rather than failing on a dead device.
 */
function onGpuFailure(failure: GpuFailure): void {
  console.warn(`GPU failure on ${backend?.name}: ${failure.message}`);
  calibration?.cancel();
  if (current && !current.ended) return current.fail(failure);
  runQueue = runQueue
    .then(() => leaveGpu(failure.kind))
    .catch((error: unknown) => post({ type: 'error', kind: classify(error), message: errorText(error) }));
}

/** What the UI asked of one run; it outlives the engine runs that retries make. */
class RunControl {
  paused = false;
  /** The GPU's own report of a failure during this run, or while it waited its turn: execute() recovers. */
  failure: GpuFailure | undefined;
  /** Done, cancelled or failed: the worker has said its last word on this run. */
  ended = false;
  private pauseAcknowledged = false;
  stopped = false;
  cancelled = false;
  private engineRun: RunControls | undefined;

  constructor(
    readonly id: number,
    public weights: LossWeights,
  ) {}

  attach(run: RunControls): void {
    this.engineRun = run;
    if (this.cancelled) run.cancel();
    else if (this.stopped) run.stop();
    else if (this.paused) {
      run.pause();
      // No iteration is under way, so the run is paused already.
      this.acknowledgePause(0, 0);
    }
  }

  detach(): void {
    this.engineRun = undefined;
  }

  fail(failure: GpuFailure): void {
    this.failure ??= failure;
    this.engineRun?.cancel();
  }

  setWeights(weights: Partial<LossWeights>): void {
    this.weights = { ...this.weights, ...weights };
    this.engineRun?.setWeights(weights);
  }

  pause(): void {
    this.paused = true;
    this.engineRun?.pause();
  }

  resume(): void {
    this.paused = false;
    this.pauseAcknowledged = false;
    this.engineRun?.resume();
    post({ type: 'resumed', runId: this.id });
  }

  stop(): void {
    this.stopped = true;
    this.engineRun?.stop();
  }

  cancel(): void {
    this.cancelled = true;
    this.engineRun?.cancel();
  }

  /** Says "paused" once the iteration that was under way has been reported. */
  acknowledgePause(iteration: number, totalIteration: number): void {
    if (!this.paused || this.pauseAcknowledged) return;
    this.pauseAcknowledged = true;
    post({ type: 'paused', runId: this.id, iteration, totalIteration });
  }
}

/** Longest side of the noise pictures the speed is first measured on. */
const CALIBRATION_SIZE = 128;

/** The speed measurement under way, if any: a Start cancels it rather than wait for it. */
let calibration: StyleTransferRun | undefined;

/**
 * Times an iteration on noise pictures (the second one: the first compiles GPU shaders) and
 * tells the UI the seconds a megapixel iteration takes, for its time estimates. The pictures have
 * the size of the coming run's first step where that is small (the first scale of the default
 * schedule), so that the shaders compiled here are the ones the run starts with.
 */
async function calibrate(runFirstStep: Size): Promise<void> {
  if (!vgg) return;
  const { width, height } = fitLongSide(runFirstStep, Math.min(CALIBRATION_SIZE, Math.max(runFirstStep.width, runFirstStep.height)));
  const random = seededRandom(1);
  const noise = (): RgbaImage => {
    const data = new Uint8ClampedArray(width * height * 4).map(() => random() * 255);
    return { width, height, data };
  };
  let last = performance.now();
  let seconds = 0;
  calibration = startStyleTransfer(
    vgg,
    { content: noise(), styles: [{ image: noise(), weight: 1 }] },
    withDefaults({ size: Math.max(width, height), scales: 1, iterations: 2 }),
    {
      onIteration: async () => {
        const now = performance.now();
        seconds = (now - last) / 1000;
        // Lets a Start in to cancel the measurement.
        await yieldToEventLoop();
        last = performance.now();
      },
    },
  );
  try {
    await unlessGpuLost(calibration.result);
    post({ type: 'speed', secondsPerMegapixel: seconds / ((width * height) / 1e6) });
  } catch (error) {
    // A run started first, or the GPU was lost: a run's own iterations will tell the speed.
    if (!(error instanceof CancelledError || error instanceof GpuFailureError)) throw error;
  } finally {
    calibration = undefined;
  }
}

/**
 * Every 10 iterations, and at its last, a run tells how fast it really goes, which beats the
 * calibration: after a short run none is then needed, to hold up the next Start on a slow GPU.
 * The first iteration at a size compiles the GPU's shaders, so it tells nothing.
 */
function reportSpeed(progress: Progress, settings: StyleSettings): void {
  const last = progress.totalIteration === progress.totalIterations;
  if (progress.iteration === 1 || (progress.iteration % 10 !== 0 && !last)) return;
  const classicSeconds = 1 / progress.iterationsPerSecond / STYLE_TERM_COST[settings.styleTerm];
  post({ type: 'speed', secondsPerMegapixel: classicSeconds / (progress.pixels / 1e6) });
}

let current: RunControl | undefined;
let runQueue: Promise<void> = Promise.resolve();

/** One engine run with these settings (or one frame of a clip), streaming progress and frames. */
async function runOnce(
  control: RunControl,
  inputs: StyleInputs,
  settings: StyleSettings,
  video: Extract<UiToWorker, { type: 'start' }>['video'],
): Promise<{ image: RgbaImage; stoppedEarly: boolean; frame?: FrameStats }> {
  if (!vgg) throw new ModelError('The model is not loaded, so nothing can run.');
  const output = fitLongSide(outputGrid(inputs), settings.size);
  post({ type: 'started', runId: control.id, width: output.width, height: output.height, settings });
  let lastFrameAt = -Infinity;
  let finishedAllScales = false;
  // An engine run abandoned to a lost GPU may still call back: once this returns, it goes unheard.
  let over = false;
  const hooks: RunHooks = {
    onNotice: (message) => {
      if (!over) post({ type: 'notice', runId: control.id, message });
    },
    onIteration: async (progress, snapshot) => {
      if (over) return;
      post({ type: 'progress', runId: control.id, progress: { ...progress, weights: { ...control.weights } } });
      reportSpeed(progress, settings);
      finishedAllScales = progress.totalIteration === progress.totalIterations;
      const now = performance.now();
      if (now - lastFrameAt >= FRAME_INTERVAL_MS && !finishedAllScales) {
        lastFrameAt = now;
        post({ type: 'frame', runId: control.id, image: await snapshot() });
      }
      await yieldToEventLoop();
      control.acknowledgePause(progress.iteration, progress.totalIteration);
    },
  };
  const runSettings = { ...settings, weights: control.weights };
  // A clip's later frame stops by itself once its loss stops falling: that is not stopping early.
  const run = video
    ? startVideoFrame(vgg, inputs, video.previous, runSettings, hooks)
    : startStyleTransfer(vgg, inputs, runSettings, hooks);
  control.attach(run);
  try {
    const result = await unlessGpuLost<RgbaImage | { image: RgbaImage; stats: FrameStats }>(run.result);
    return 'stats' in result ? { image: result.image, stoppedEarly: control.stopped, frame: result.stats } : { image: result, stoppedEarly: !finishedAllScales };
  } finally {
    over = true;
    control.detach();
  }
}

/** Drops the failed GPU backend for wasm (or cpu), reloads the model there and says so. */
async function leaveGpu(kind: GpuFailure['kind']): Promise<void> {
  if (!backend || !isGpuBackend(backend.name)) return;
  const failed = backend.name;
  try {
    vgg?.dispose();
  } catch {
    // A lost context cannot free its textures; they went with it.
  }
  vgg = undefined;
  backend = await fallBackToCpuBackend();
  const started = performance.now();
  vgg = await loadModel();
  post({ type: 'ready', backend, modelLoaded: true, loadMs: performance.now() - started });
  const what =
    kind === 'oom'
      ? 'The GPU ran out of memory'
      : `The GPU stopped working for this page (its ${failed} ${failed === 'webgpu' ? 'device' : 'context'} was lost)`;
  post({ type: 'notice', message: `${what}, so the style engine now runs on the CPU: ${backend.name}, ${backend.detail}.` });
}

/** A GPU failure is retried smaller, then on wasm; returns the settings to retry with, if any. */
async function recover(kind: ErrorKind, settings: StyleSettings): Promise<StyleSettings | undefined> {
  if (!backend || !isGpuBackend(backend.name) || (kind !== 'oom' && kind !== 'context-lost')) return undefined;
  const smaller = SMALLER_SIZES.find((size) => size < settings.size);
  if (kind === 'oom' && smaller) {
    post({ type: 'notice', message: `The GPU ran out of memory at ${settings.size} px; trying again at ${smaller} px.` });
    return { ...settings, size: smaller };
  }
  await leaveGpu(kind);
  return settings;
}

async function execute(control: RunControl, message: Extract<UiToWorker, { type: 'start' }>): Promise<void> {
  await engineReady;
  let settings: StyleSettings | undefined = message.settings;
  while (settings) {
    if (control.cancelled) return post({ type: 'cancelled', runId: control.id });
    try {
      // The GPU failed while this run waited its turn.
      if (control.failure) throw new GpuFailureError(control.failure);
      const { image, stoppedEarly, frame } = await runOnce(control, message.inputs, settings, message.video);
      return post({ type: 'done', runId: control.id, image, stoppedEarly, frame });
    } catch (error) {
      // The GPU's own report says more than the failed (or abandoned) call it caused.
      const failure = error instanceof GpuFailureError ? error.failure : control.failure;
      control.failure = undefined;
      if (error instanceof CancelledError && !failure) return post({ type: 'cancelled', runId: control.id });
      const kind = failure?.kind ?? classify(error);
      try {
        settings = await recover(kind, settings);
      } catch (fallbackError) {
        return post({ type: 'error', runId: control.id, kind: classify(fallbackError), message: errorText(fallbackError) });
      }
      if (!settings) return post({ type: 'error', runId: control.id, kind, message: failure?.message ?? errorText(error) });
    }
  }
}

async function benchmark(request: BenchmarkRequest): Promise<BenchmarkResult> {
  await engineReady;
  if (!vgg) throw new ModelError('The model is not loaded, so nothing can be measured.');
  switch (request.kind) {
    case 'steps':
      return { kind: 'steps', measurement: await measureSteps(vgg, request.content, request.style, request) };
    case 'quality':
      return { kind: 'quality', measurement: await measureSecondsToQuality(vgg, request.content, request.style, request.size, request.referenceIterations) };
    case 'features':
      return { kind: 'features', summaries: await summariseFeatures(vgg, request.image, request.pooling, request.probes) };
  }
}

function controlFor(runId: number): RunControl | undefined {
  return current?.id === runId ? current : undefined;
}

scope.onmessage = (event: MessageEvent<UiToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      engineReady = initialise(message);
      break;
    case 'measureSpeed':
      runQueue = runQueue
        .then(() => engineReady)
        .then(() => calibrate(message.size))
        .catch((error: unknown) => post({ type: 'notice', message: `The speed of this device could not be measured (${errorText(error)}).` }));
      break;
    case 'start': {
      calibration?.cancel();
      current?.cancel();
      const control = new RunControl(message.runId, message.settings.weights);
      current = control;
      runQueue = runQueue
        .then(() => execute(control, message))
        .catch((error: unknown) => post({ type: 'error', runId: control.id, kind: 'internal', message: errorText(error) }))
        .finally(() => (control.ended = true));
      break;
    }
    case 'updateWeights':
      controlFor(message.runId)?.setWeights(message.weights);
      break;
    case 'pause':
      controlFor(message.runId)?.pause();
      break;
    case 'resume':
      controlFor(message.runId)?.resume();
      break;
    case 'stop':
      controlFor(message.runId)?.stop();
      break;
    case 'cancel':
      controlFor(message.runId)?.cancel();
      break;
    case 'benchmark':
      runQueue = runQueue
        .then(() => benchmark(message.request))
        .then((result) => post({ type: 'benchmarkResult', result }))
        .catch((error: unknown) => post({ type: 'error', kind: classify(error), message: errorText(error) }));
      break;
  }
};
