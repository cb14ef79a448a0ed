// What the controls do: load pictures, change settings, and drive the worker through its client.
import { firstStepSize } from '../engine/run/plan';
import { DEFAULT_SETTINGS, type LossWeights, type StyleSettings } from '../engine/settings';
import { StyleWorkerClient, type EngineEvent } from '../worker/client';
import type { BackendInfo, ErrorKind, FrameStats, PreviousFrame, RgbaImage, StyleInputs } from '../worker/protocol';
import { frameSize } from '../video/frameTiming';
import { useMaskStore } from './maskStore';
import { regionInputs, useRegionStore } from './regionStore';
import { decodeImage, ImageInputError } from './decodeImage';
import { announce, isRunActive, useAppStore, type RunState, type Slot } from './store';
import { useVideoStore } from './videoStore';

const { getState, setState } = useAppStore;

export const SLOT_LABELS: Record<Slot, string> = { content: 'Photo', style: 'Painting' };

let client: StyleWorkerClient | undefined;
/** The status line's id when the engine began (re)starting: what was said since is newer than "Ready". */
let statusWhenEngineStarted = 0;

/** Starts the worker: backend, then the model from `modelUrl`. */
export function startEngine(modelUrl: string): void {
  statusWhenEngineStarted = getState().status?.id ?? 0;
  client = new StyleWorkerClient(handleEngineEvent);
  client.init(modelUrl, getState().forcedBackend);
}

export function backendLabel(backend: BackendInfo): string {
  return `${backend.name} · ${backend.detail}`;
}

/** "Winter Wolf (1).jpg" → "Winter-Wolf-(1)": safe in a file name, still recognisable. */
export function baseName(fileName: string, fallback = 'image'): string {
  const stem = fileName.replace(/\.[^.]*$/, '').trim();
  return stem.replace(/\s+/g, '-').replace(/[^\w().-]/g, '') || fallback;
}

export async function loadInput(slot: Slot, file: Blob, fileName: string): Promise<void> {
  try {
    const { image, notice } = await decodeImage(file, fileName);
    const { inputs, inputErrors } = getState();
    const previous = inputs[slot];
    if (previous) URL.revokeObjectURL(previous.previewUrl);
    const input = { name: baseName(fileName), fileName, image, previewUrl: URL.createObjectURL(file), notice, file };
    setState({ inputs: { ...inputs, [slot]: input }, inputErrors: { ...inputErrors, [slot]: undefined } });
    announce('info', `${SLOT_LABELS[slot]} loaded: ${fileName}, ${image.width}×${image.height}.${notice ? ' ' + notice : ''}`);
    measureSpeedIfNeeded();
  } catch (error) {
    const message =
      error instanceof ImageInputError ? error.message : `${fileName} could not be loaded: ${String(error)}`;
    // Only the message changes: the picture loaded before, and any result, stay.
    setState({ inputErrors: { ...getState().inputErrors, [slot]: message } });
    announce('error', message);
  }
}

const EXAMPLE: Record<Slot, string> = { content: 'demo/winter-wolf.jpg', style: 'demo/the_scream.jpg' };

export async function loadExample(): Promise<void> {
  await Promise.all(
    (Object.keys(EXAMPLE) as Slot[]).map(async (slot) => {
      const url = EXAMPLE[slot];
      const fileName = url.split('/').pop()!;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await loadInput(slot, await response.blob(), fileName);
      } catch (error) {
        const message = `The example ${fileName} could not be fetched (${String(error)}).`;
        setState({ inputErrors: { ...getState().inputErrors, [slot]: message } });
        announce('error', message);
      }
    }),
  );
}

/** Changes loss weights; a running job takes them from its next iteration, its count going on. */
export function setWeights(weights: Partial<LossWeights>): void {
  const { settings, run } = getState();
  setState({ settings: { ...settings, weights: { ...settings.weights, ...weights } } });
  if (isRunActive(run)) client?.updateWeights(run.id, weights);
}

export function setWeight(kind: keyof LossWeights, value: number): void {
  setWeights({ [kind]: value });
}

/** Changes settings of the next run (loss weights go through setWeights). */
export function updateSettings(change: Partial<Omit<StyleSettings, 'weights'>>): void {
  setState({ settings: { ...getState().settings, ...change } });
}

export function setSize(size: number): void {
  updateSettings({ size });
}

export function setIterations(iterations: number): void {
  updateSettings({ iterations });
}

export function resetSettings(): void {
  setState({ settings: { ...DEFAULT_SETTINGS } });
  setWeights(DEFAULT_SETTINGS.weights);
  announce('info', 'Settings reset to their defaults.');
}

/** The pictures of the next run, or why it cannot start. */
function runInputs(): StyleInputs | string {
  const { inputs, styleWeight, extraStyles, settings, result } = getState();
  const doodle = useRegionStore.getState().regions.doodle;
  if ((!inputs.content && !doodle) || !inputs.style) return 'Add a photo (or start a doodle) and a painting first.';
  const paintings = [{ image: inputs.style.image, weight: styleWeight }, ...extraStyles.map((s) => ({ image: s.input.image, weight: s.weight }))];
  if (!paintings.some((s) => s.weight > 0)) return 'At least one painting needs a blend weight above 0.';
  if (settings.init === 'previous' && !result) return 'There is no previous result to start from yet: choose another start image.';
  // Regions first, while painting k is still at index k.
  const regions = regionInputs(paintings);
  if (typeof regions === 'string') return regions;
  return {
    content: doodle ? undefined : inputs.content?.image,
    styles: regions.styles.filter((s) => s.weight > 0),
    mask: regions.mask ?? useMaskStore.getState().mask?.image,
    targetMap: regions.targetMap,
    previous: settings.init === 'previous' ? result?.image : undefined,
  };
}

let speedRequested = false;

/**
 * Asks the worker to time an iteration once a photo (a doodle, a clip) is there and the engine is ready, so that
 * the time estimate shows before the first run (nothing is measured while nobody needs it).
 */
export function measureSpeedIfNeeded(): void {
  const { inputs, engine, secondsPerMegapixel, run } = getState();
  if (!client || speedRequested || secondsPerMegapixel !== undefined || isRunActive(run)) return;
  const clip = useVideoStore.getState().clip?.probe;
  const grid = inputs.content?.image ?? useRegionStore.getState().regions.doodle ?? (clip && frameSize(clip.width, clip.height, useVideoStore.getState().options.longSide));
  if (engine.phase !== 'ready' || !grid) return;
  speedRequested = true;
  client.measureSpeed(firstStepSize(grid, getState().settings));
}

/** Starts a run with the current settings; a run under way is cancelled (the last frame stays). */
export function startRun(): void {
  const { inputs, settings, engine } = getState();
  const doodle = useRegionStore.getState().regions.doodle;
  if (!client || engine.phase !== 'ready' || !(inputs.content || doodle) || !inputs.style) return;
  const runPictures = runInputs();
  if (typeof runPictures === 'string') return announce('error', runPictures);
  // A doodle has no photo whose colours could be kept.
  const runSettings = doodle ? { ...settings, colour: 'none' as const } : settings;
  const id = client.start(runPictures, runSettings);
  const subject = doodle ? { name: 'doodle', fileName: 'the doodle' } : inputs.content!;
  const downloadName = `${subject.name}-in-the-style-of-${inputs.style.name}.png`;
  setState({ run: { id, phase: 'running', downloadName } });
  announce('info', `Started: ${subject.fileName} in the style of ${inputs.style.fileName}, ${settings.size} px.`);
}

export function togglePause(): void {
  const { run } = getState();
  if (!client || !isRunActive(run) || run.phase === 'stopping') return;
  if (run.phase === 'running') {
    client.pause(run.id);
    updateRun(run.id, { phase: 'pausing' });
    announce('info', 'Pausing after this iteration…');
  } else {
    client.resume(run.id);
    updateRun(run.id, { phase: 'running' });
  }
}

export function stopRun(): void {
  const { run } = getState();
  if (!client || !isRunActive(run)) return;
  client.stop(run.id);
  updateRun(run.id, { phase: 'stopping' });
  announce('info', 'Stopping after this iteration…');
}

export interface FrameRunResult {
  image: RgbaImage;
  stats?: FrameStats;
}

/** A frame's run that was cancelled (a new Start, or the video's Stop) rather than finished. */
export class FrameRunCancelled extends Error {}

/** The frames of a clip under way (videoRender.ts): each run's end settles its promise. */
const frameRuns = new Map<number, { resolve: (result: FrameRunResult) => void; reject: (error: Error) => void }>();

/**
 * Paints one frame of a clip as a run of its own (so the canvas, the sliders and Pause follow it),
 * carrying on from `previous`, the frame before. Settles when the worker is done with it.
 */
export function runVideoFrame(inputs: StyleInputs, settings: StyleSettings, previous: PreviousFrame | undefined, downloadName: string): Promise<FrameRunResult> {
  if (!client || getState().engine.phase !== 'ready') return Promise.reject(new Error('The style engine is not ready yet: wait for it, then continue.'));
  const id = client.start(inputs, settings, { previous });
  setState({ run: { id, phase: 'running', downloadName } });
  return new Promise((resolve, reject) => frameRuns.set(id, { resolve, reject }));
}

/** Ends the run under way without waiting for its iteration (its last frame stays on show). */
export function cancelRun(): void {
  const { run } = getState();
  if (client && isRunActive(run)) client.cancel(run.id);
}

function settleFrameRun(runId: number | undefined, settle: (waiter: { resolve: (result: FrameRunResult) => void; reject: (error: Error) => void }) => void): boolean {
  const waiter = runId === undefined ? undefined : frameRuns.get(runId);
  if (!waiter) return false;
  frameRuns.delete(runId!);
  settle(waiter);
  return true;
}

/** Changes the run `id` if it is still the current one (events of a replaced run are dropped). */
function updateRun(id: number, change: Partial<RunState>): RunState | undefined {
  const { run } = getState();
  if (run?.id !== id) return undefined;
  const updated = { ...run, ...change };
  setState({ run: updated });
  return updated;
}

function errorWords(kind: ErrorKind, message: string): string {
  switch (kind) {
    case 'oom':
      return `Out of memory (${message}). Try a smaller output size.`;
    case 'context-lost':
      return `The GPU stopped working for this page (${message}). Press Start to try again.`;
    case 'model':
      return `${message} Reload the page to download it again.`;
    case 'input':
      return message;
    case 'internal':
      return `Something went wrong in the style engine: ${message}`;
  }
}

/** The worker that painted the clip's frames is gone: the render stops, its finished frames kept. */
function failFrameRuns(reason: string): void {
  for (const id of [...frameRuns.keys()]) settleFrameRun(id, (waiter) => waiter.reject(new Error(`The style engine stopped (${reason}).`)));
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function handleEngineEvent(event: EngineEvent): void {
  // A Start cancels a speed measurement; once the run is over, one may be asked again.
  if (['done', 'cancelled', 'error', 'restarted', 'gaveUp'].includes(event.type)) {
    speedRequested = false;
    queueMicrotask(measureSpeedIfNeeded);
  }
  switch (event.type) {
    case 'speed':
      speedRequested = false;
      setState({ secondsPerMegapixel: event.secondsPerMegapixel });
      break;
    case 'modelProgress':
      setState({ engine: { phase: 'loading-model', loaded: event.loaded, total: event.total } });
      break;
    case 'ready':
      // Another backend (after a GPU failure) has another speed.
      setState({ engine: { phase: 'ready', backend: event.backend, loadMs: event.loadMs }, secondsPerMegapixel: undefined });
      // A sentence said while the model loaded (a picture loaded, the doodle example's "Press Start") is
      // newer news than "Ready", which the engine badge shows anyway.
      if ((getState().status?.id ?? 0) <= statusWhenEngineStarted) {
        announce('info', `Ready: ${backendLabel(event.backend)} (model loaded in ${formatSeconds(event.loadMs)}).`);
      }
      measureSpeedIfNeeded();
      break;
    case 'notice':
      announce('info', event.message);
      break;
    case 'started':
      updateRun(event.runId, { output: { width: event.width, height: event.height } });
      break;
    case 'progress': {
      const previous = getState().run?.progress;
      if (!updateRun(event.runId, { progress: event.progress })) break;
      const { scaleIndex, scaleCount, width, height } = event.progress;
      // Each new scale once, not each iteration: a screen reader hears where the run is.
      if (scaleCount > 1 && scaleIndex !== previous?.scaleIndex) announce('info', `Scale ${scaleIndex + 1} of ${scaleCount}: ${width}×${height} px.`);
      break;
    }
    case 'frame': {
      const run = getState().run;
      if (run?.id !== event.runId || !run.output) break;
      setState({ result: { image: event.image, output: run.output, downloadName: run.downloadName, final: false } });
      break;
    }
    case 'paused': {
      const run = getState().run;
      // A resume may have been sent after the pause: then this acknowledgement is stale.
      if (run?.id === event.runId && run.phase === 'pausing') {
        updateRun(event.runId, { phase: 'paused' });
        announce('info', `Paused at iteration ${event.totalIteration}.`);
      }
      break;
    }
    case 'resumed':
      if (getState().run?.id === event.runId) announce('info', 'Resumed.');
      break;
    case 'done': {
      const run = updateRun(event.runId, { phase: event.stoppedEarly ? 'stopped' : 'done' });
      if (run?.output) setState({ result: { image: event.image, output: run.output, downloadName: run.downloadName, final: true } });
      // A clip's frame: the video render goes on and says what it did.
      if (settleFrameRun(event.runId, (waiter) => waiter.resolve({ image: event.image, stats: event.frame }))) break;
      if (!run?.output) break;
      announce('success', event.stoppedEarly ? 'Stopped early: the result so far is ready to download.' : 'Done: the result is ready to download.');
      break;
    }
    case 'cancelled':
      updateRun(event.runId, { phase: 'stopped' });
      settleFrameRun(event.runId, (waiter) => waiter.reject(new FrameRunCancelled('cancelled')));
      break;
    case 'error':
      settleFrameRun(event.runId, (waiter) => waiter.reject(new Error(errorWords(event.kind, event.message))));
      if (event.runId === undefined) {
        setState({ engine: { phase: 'failed', message: errorWords(event.kind, event.message) } });
      } else if (!updateRun(event.runId, { phase: 'failed' })) {
        break;
      }
      announce('error', errorWords(event.kind, event.message));
      break;
    case 'gaveUp': {
      failFrameRuns(event.reason);
      const { run } = getState();
      setState({ engine: { phase: 'failed', message: event.reason } });
      if (isRunActive(run)) updateRun(run.id, { phase: 'failed' });
      announce('error', `The style engine cannot run in this browser (${event.reason}). Reload the page to try again.`);
      break;
    }
    case 'restarted': {
      failFrameRuns(event.reason);
      const { run } = getState();
      setState({ engine: { phase: 'starting' } });
      if (isRunActive(run)) updateRun(run.id, { phase: 'failed' });
      const advice = /memory/.test(event.reason) ? 'choose a smaller output size and press Start' : 'press Start to try again';
      announce('error', `The style engine stopped (${event.reason}) and is restarting. Your pictures are kept: ${advice}.`);
      statusWhenEngineStarted = getState().status!.id;
      break;
    }
  }
}
