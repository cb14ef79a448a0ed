// A clip on the photo box, repainted frame by frame: each frame is a run of the style worker that
// carries on from the frame before (Ruder et al.; the engine's video room), and each finished frame
// is kept on the device at once, so a reload or a crash resumes at the next frame.
import { estimateSeconds } from '../engine/run/plan';
import type { StyleSettings } from '../engine/settings';
import { decodeFrames } from '../video/decodeFrames';
import { encodeVideo } from '../video/encodeVideo';
import { frameCount, frameSize, type ClipRange } from '../video/frameTiming';
import { probeVideo } from '../video/probeVideo';
import { renderEstimate, type RenderEstimate } from '../video/renderEstimate';
import { renderId } from '../video/renderId';
import { VideoFrameStore } from '../video/videoFrameStore';
import { VideoInputError } from '../video/videoMessages';
import type { RgbaImage, StyleInputs } from '../worker/protocol';
import { baseName, cancelRun, FrameRunCancelled, measureSpeedIfNeeded, runVideoFrame, togglePause } from './actions';
import { EarlierFrames } from './earlierFrames';
import { announce, useAppStore } from './store';
import { forgetStoredClip, readStoredClip, storeClip } from './videoPersistence';
import { isVideoRenderActive, useVideoStore, VIDEO_FRAME_RATES, VIDEO_SIZES, type VideoOptions, type VideoRender } from './videoStore';

const { getState, setState } = useVideoStore;

/** The finished frames shown in the filmstrip: the newest ones. */
const FILMSTRIP_LENGTH = 24;
/** The filmstrip's pictures are this tall. */
const THUMBNAIL_HEIGHT = 56;
/** A later frame starts from the one before and stops early: about this share of a first frame's work. */
const LATER_FRAME_SHARE = 1 / 3;
/**
 * A later frame with the long-term term (held to frames t−2 and t−4 too: two more pairs of optical
 * flows and their checks) takes this many times as long, once the clip has frames that far back:
 * 17.9 s against 9.8 s on wasm at 128 px (`npm run bench:video -- --long-term`, docs/benchmarks.md).
 */
export const LONG_TERM_FRAME_COST = 1.8;

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|ogv)$/i;

/** Whether a dropped file is meant as a clip rather than a picture. */
export function isVideoFile(file: Blob, fileName: string): boolean {
  return file.type.startsWith('video/') || VIDEO_EXTENSIONS.test(fileName);
}

const rangeOf = ({ fps, start, end }: VideoOptions): ClipRange => ({ fps, start, end });

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Puts a clip on the photo box: read from its headers, with settings that suit it. */
export async function loadVideo(file: Blob, fileName: string, lastModified?: number, options?: VideoOptions): Promise<void> {
  if (isVideoRenderActive(getState().render)) return announce('info', 'A video is being rendered: stop it before dropping another clip.');
  try {
    const probe = await probeVideo(file, fileName);
    if (probe.problem) throw new VideoInputError(probe.problem);
    forgetClip();
    const fps = VIDEO_FRAME_RATES.find((rate) => rate <= Math.round(probe.fps)) ?? Math.max(1, Math.round(probe.fps));
    // The long-term term is a choice of how to paint, not of this clip: it stays as it was.
    const chosen = options ?? { fps, longSide: VIDEO_SIZES[0], start: 0, end: probe.durationS, longTerm: getState().options.longTerm };
    setState({ clip: { file, fileName, name: baseName(fileName, 'video'), lastModified, probe, previewUrl: URL.createObjectURL(file) }, options: chosen, error: undefined, render: undefined });
    announce('info', `Video loaded: ${fileName}, ${probe.width}×${probe.height}, ${probe.durationS.toFixed(1)} s${probe.hasAudio ? ' with sound' : ''}.`);
    void keepClip(false);
    // The estimate of the render's time needs this device's speed.
    measureSpeedIfNeeded();
  } catch (error) {
    const message = error instanceof VideoInputError ? error.message : `${fileName} could not be opened as a video (${errorText(error)}).`;
    // The clip (or photo) loaded before stays.
    setState({ error: message });
    announce('error', message);
  }
}

function forgetClip(): void {
  const { clip, render } = getState();
  if (clip) URL.revokeObjectURL(clip.previewUrl);
  render?.filmstrip.forEach(({ url }) => URL.revokeObjectURL(url));
}

/** Takes the clip off the photo box (its finished frames stay kept, should it come back). */
export function removeVideo(): void {
  if (isVideoRenderActive(getState().render)) return;
  forgetClip();
  setState({ clip: undefined, render: undefined, error: undefined, storedFrames: 0 });
  void forgetStoredClip().catch(() => undefined);
}

export function setVideoOptions(change: Partial<VideoOptions>): void {
  const { options, clip } = getState();
  const next = { ...options, ...change };
  const duration = clip?.probe.durationS ?? next.end;
  next.start = Math.min(Math.max(0, next.start), duration);
  next.end = Math.min(Math.max(next.start, next.end), duration);
  setState({ options: next });
  void keepClip(false);
}

async function keepClip(rendering: boolean): Promise<void> {
  const { clip, options } = getState();
  if (!clip) return;
  try {
    await storeClip({ file: clip.file, fileName: clip.fileName, lastModified: clip.lastModified, options, rendering });
  } catch {
    // Storage full or blocked: the render goes on, it just cannot resume after a reload.
  }
}

/** The paintings of the render and the settings its frames run with. */
function renderSetup(): { styles: StyleInputs['styles']; settings: StyleSettings; downloadName: string } | string {
  const { inputs, styleWeight, extraStyles, settings } = useAppStore.getState();
  const { clip, options } = getState();
  if (!clip) return 'Drop a video on the photo box first.';
  if (!inputs.style) return 'Add a painting first.';
  const styles = [{ image: inputs.style.image, weight: styleWeight }, ...extraStyles.map((s) => ({ image: s.input.image, weight: s.weight }))].filter((s) => s.weight > 0);
  if (styles.length === 0) return 'At least one painting needs a blend weight above 0.';
  // Seeded, so that the clip's first frame (and so the clip) can be repeated.
  return { styles, settings: { ...settings, size: options.longSide, init: settings.init === 'previous' ? 'content' : settings.init }, downloadName: `${clip.name}-in-the-style-of-${inputs.style.name}` };
}

/**
 * The frames of this clip at these settings are kept under one name. The loss weights are left out:
 * moving a slider during a render steers the frames to come, it does not start the clip again.
 */
export function currentRenderId(): string | undefined {
  const setup = renderSetup();
  const { clip, options } = getState();
  const { inputs, extraStyles, styleWeight } = useAppStore.getState();
  if (typeof setup === 'string' || !clip) return undefined;
  const { weights: _weights, ...settings } = setup.settings;
  const paintings = [inputs.style, ...extraStyles.map((s) => s.input)].map((input) => input && { fileName: input.fileName, width: input.image.width, height: input.image.height });
  // Off, the long-term term is left out: renders begun before it was offered keep their name.
  const named = { ...options, longTerm: options.longTerm || undefined };
  return renderId({ name: clip.fileName, size: clip.file.size, lastModified: clip.lastModified }, { options: named, settings, paintings, weights: [styleWeight, ...extraStyles.map((s) => s.weight)] });
}

/** How many frames of this clip at these settings are already kept, in a row from the first: the video panel asks whenever the render id changes. */
export async function refreshStoredFrames(): Promise<void> {
  const id = currentRenderId();
  if (!id || isVideoRenderActive(getState().render)) return;
  try {
    const store = await VideoFrameStore.open(id);
    const next = await store.nextFrame();
    if (currentRenderId() === id) setState({ storedFrames: next });
  } catch {
    setState({ storedFrames: 0 });
  }
}

/** How long the frames of the clip's range not yet kept take at the speed measured on this device, or undefined before it is known. */
export function videoEstimate(): RenderEstimate | undefined {
  const { clip, options, render, storedFrames } = getState();
  const { secondsPerMegapixel, settings, inputs, extraStyles } = useAppStore.getState();
  if (!clip || !(options.end > options.start)) return undefined;
  const active = isVideoRenderActive(render);
  const done = active ? render!.done : storedFrames;
  // A render under way knows its own pace (a render over may have had other settings).
  if (active && render?.secondsPerFrame !== undefined) return renderEstimate(rangeOf(options), { first: render.secondsPerFrame, later: render.secondsPerFrame }, done);
  if (secondsPerMegapixel === undefined) return undefined;
  const frame = frameSize(clip.probe.width, clip.probe.height, options.longSide);
  const paintings = [inputs.style, ...extraStyles.map((s) => s.input)].flatMap((input) => (input ? [{ width: input.image.width, height: input.image.height }] : []));
  const first = estimateSeconds(frame, { ...settings, size: Math.max(frame.width, frame.height) }, secondsPerMegapixel, paintings);
  return renderEstimate(rangeOf(options), { first, later: first * LATER_FRAME_SHARE * (options.longTerm ? LONG_TERM_FRAME_COST : 1) }, done);
}

function updateRender(change: Partial<VideoRender>): void {
  const { render } = getState();
  if (render) setState({ render: { ...render, ...change } });
}

async function thumbnail(image: RgbaImage): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const small = new OffscreenCanvas(Math.max(1, Math.round((image.width * THUMBNAIL_HEIGHT) / image.height)), THUMBNAIL_HEIGHT);
  small.getContext('2d')!.drawImage(canvas, 0, 0, small.width, small.height);
  return URL.createObjectURL(await small.convertToBlob({ type: 'image/jpeg', quality: 0.8 }));
}

function addToFilmstrip(index: number, url: string): void {
  const filmstrip = [...(getState().render?.filmstrip ?? []), { index, url }];
  filmstrip.splice(0, Math.max(0, filmstrip.length - FILMSTRIP_LENGTH)).forEach((old) => URL.revokeObjectURL(old.url));
  updateRender({ filmstrip });
}

const pictureOf = ({ width, height, data }: RgbaImage): RgbaImage => ({ width, height, data });

/** The render loop under way, so that forgetting the clip can wait for it to let go of its frames. */
let renderUnderWay: Promise<void> | undefined;
/** Set while "Forget my pictures" stops a render: it must not say that its frames are kept. */
let forgetting = false;

/** Renders the clip's range from its first frame not yet kept to its end. */
export function renderVideo(): Promise<void> {
  renderUnderWay ??= runRender().finally(() => (renderUnderWay = undefined));
  return renderUnderWay;
}

async function runRender(): Promise<void> {
  const { clip, options, render } = getState();
  if (!clip || isVideoRenderActive(render)) return;
  const setup = renderSetup();
  if (typeof setup === 'string') return announce('error', setup);
  const id = currentRenderId()!;
  const frames = frameCount(rangeOf(options));
  let store: VideoFrameStore;
  try {
    store = await VideoFrameStore.open(id);
  } catch (error) {
    return announce('error', `This browser would not keep the video's frames (${errorText(error)}), so the render cannot start.`);
  }
  const next = await store.nextFrame();
  // A render begun goes on: it was started within the limit, and only its pace has changed since.
  const tooLong = next === 0 ? videoEstimate()?.tooLong : undefined;
  if (tooLong) return announce('error', tooLong);
  // Frames of other clips or settings can no longer be reached from here: they only took disk.
  void VideoFrameStore.removeRendersBut(id, store.storage).catch(() => undefined);
  render?.filmstrip.forEach(({ url }) => URL.revokeObjectURL(url));
  setState({ render: { phase: 'rendering', frames, done: Math.min(next, frames), filmstrip: [] }, storedFrames: Math.min(next, frames) });
  void keepClip(true);
  // The frames kept from before open the filmstrip, so a resumed render shows where it stands.
  for (let index = Math.max(0, Math.min(next, frames) - FILMSTRIP_LENGTH); index < Math.min(next, frames); index++) {
    const kept = await store.load(index);
    if (kept) addToFilmstrip(index, await thumbnail(kept));
  }
  if (next >= frames) return finishRender(frames);
  announce('info', next > 0 ? `Continuing the video at frame ${next + 1} of ${frames}.` : `Rendering ${frames} frames of ${clip.fileName}.`);

  const painted: { seconds: number; fresh: boolean }[] = [];
  const earlier = new EarlierFrames(options.longTerm);
  try {
    // The frames before the first to paint that it is held to are decoded too (the optical flows
    // need them), and their results read back from the device.
    for await (const decoded of decodeFrames(clip.file, { ...rangeOf(options), longSide: options.longSide, firstFrame: earlier.firstToDecode(next) }, clip.fileName)) {
      const frame = pictureOf(decoded);
      if (decoded.index < next) {
        const result = await store.load(decoded.index);
        if (result) earlier.keep(decoded.index, frame, result);
        continue;
      }
      if (getState().render?.phase === 'stopping') break;
      updateRender({ current: decoded.index });
      const started = performance.now();
      // The frames come at their size already (the clip's own when it is smaller): the engine keeps it.
      const settings = { ...setup.settings, size: Math.max(frame.width, frame.height) };
      const { image, stats } = await runVideoFrame({ content: frame, styles: setup.styles }, settings, earlier.previousOf(decoded.index), `${setup.downloadName}-frame-${decoded.index + 1}.png`);
      await store.save(decoded.index, image);
      painted.push({ seconds: (performance.now() - started) / 1000, fresh: stats?.fresh ?? decoded.index === 0 });
      // A clip's first frame (and a shot cut) runs every scale: the frames that carry on tell the pace better.
      const carried = painted.filter((p) => !p.fresh);
      const pace = carried.length > 0 ? carried : painted;
      updateRender({ done: decoded.index + 1, secondsPerFrame: pace.reduce((sum, p) => sum + p.seconds, 0) / pace.length });
      setState({ storedFrames: decoded.index + 1 });
      addToFilmstrip(decoded.index, await thumbnail(image));
      earlier.keep(decoded.index, frame, image);
    }
    const done = getState().render?.done ?? 0;
    if (done >= frames) return finishRender(frames);
    updateRender({ phase: 'stopped', current: undefined });
    void keepClip(false);
    if (forgetting) return;
    announce('info', `Stopped after frame ${done} of ${frames}: they are kept, and Continue goes on from frame ${done + 1}.`);
  } catch (error) {
    const done = getState().render?.done ?? 0;
    void keepClip(false);
    if (error instanceof FrameRunCancelled) {
      updateRender({ phase: 'stopped', current: undefined });
      if (forgetting) return;
      return announce('info', `Stopped: ${done} of ${frames} frames are kept, and Continue goes on from frame ${done + 1}.`);
    }
    updateRender({ phase: 'failed', current: undefined });
    announce('error', `${errorText(error)} The ${done} finished frames are kept: Continue goes on from frame ${done + 1}.`);
  }
}

function finishRender(frames: number): void {
  updateRender({ phase: 'done', done: frames, current: undefined });
  void keepClip(false);
  announce('success', `Done: all ${frames} frames are painted. Download the video.`);
}

export function toggleVideoPause(): void {
  const { render } = getState();
  if (!render || !['rendering', 'paused', 'pausing'].includes(render.phase)) return;
  togglePause();
  updateRender({ phase: render.phase === 'rendering' ? 'paused' : 'rendering' });
}

/** Stops the render now: the frame under way is dropped, the finished ones are kept for later. */
export function stopVideo(): void {
  const { render } = getState();
  if (!render || !isVideoRenderActive(render)) return;
  updateRender({ phase: 'stopping' });
  cancelRun();
}

/** The video file of the frames finished so far, with the clip's sound for that stretch, and its name. */
export async function makeVideo(): Promise<{ blob: Blob; fileName: string } | undefined> {
  const { clip, options, storedFrames, encoding } = getState();
  const id = currentRenderId();
  const setup = renderSetup();
  if (!clip || !id || typeof setup === 'string' || storedFrames === 0 || encoding) return undefined;
  setState({ encoding: true });
  try {
    const store = await VideoFrameStore.open(id);
    const video = await encodeVideo(store.frames(storedFrames), { fps: options.fps, audioFrom: clip.file, start: options.start, end: options.start + storedFrames / options.fps });
    announce('success', `Video made: ${storedFrames} frames, ${video.extension.toUpperCase()}.${video.notice ? ' ' + video.notice : ''}`);
    return { blob: video.blob, fileName: `${setup.downloadName}.${video.extension}` };
  } catch (error) {
    announce('error', `The video could not be made: ${errorText(error)}`);
    return undefined;
  } finally {
    setState({ encoding: false });
  }
}

/** Puts back the clip of the last visit; a render that was under way goes on once the engine is ready. */
export async function restoreVideo(): Promise<void> {
  // Folders of renders that never kept a frame (left by earlier versions, or by a crash in a first frame's writing) are of no use.
  await VideoFrameStore.removeEmptyRenders().catch(() => undefined);
  let stored;
  try {
    stored = await readStoredClip();
  } catch {
    return;
  }
  if (!stored) return;
  await loadVideo(stored.file, stored.fileName, stored.lastModified, stored.options);
  if (!stored.rendering || !getState().clip) return;
  // The paintings and settings come back from their own storage: wait for them and the engine.
  const ready = () => {
    const { engine, inputs } = useAppStore.getState();
    return engine.phase === 'ready' && inputs.style !== undefined;
  };
  if (ready()) return void renderVideo();
  const unsubscribe = useAppStore.subscribe(() => {
    if (!ready()) return;
    unsubscribe();
    void renderVideo();
  });
}

/** "Forget my pictures": the clip and every frame kept on this device, of it and of any render before. */
export async function forgetVideo(): Promise<void> {
  if (isVideoRenderActive(getState().render)) {
    forgetting = true;
    stopVideo();
    // The frame under way would otherwise be written after the frames are deleted.
    await renderUnderWay;
    forgetting = false;
  }
  removeVideo();
  await VideoFrameStore.removeRendersBut(undefined).catch(() => undefined);
}
