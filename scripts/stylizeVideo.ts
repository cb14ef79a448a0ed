// npm run stylize -- CLIP.mp4 STYLE OUT.mp4 (or OUT/): ffmpeg decodes the clip into a work folder of
// PNG frames, stylizeFrames paints them, ffmpeg encodes them with the clip's sound. The work folder
// (OUT.mp4.frames/) stays until the video is written, so a stopped run resumes at the next frame.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { StyleInputs, StyleSettings, Vgg19 } from '../src/engine';
import { VIDEO_FRAME_RATES } from '../src/state/videoStore';
import { ffmpeg, probeClip, type ClipProbe } from './ffmpeg';
import { frameFiles, stylizeFrames, type FramesReport } from './stylizeFrames';

/** Inputs taken as a clip by their name; any other file ffmpeg reads is one when the output is a video. */
const CLIP_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.wmv', '.flv', '.mpg', '.mpeg', '.ts', '.mts', '.m2ts', '.3gp', '.ogv'];

const H264 = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '18', '-preset', 'medium'];
const VP9 = ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-crf', '32', '-b:v', '0', '-row-mt', '1', '-deadline', 'good', '-cpu-used', '4'];
const AAC = ['-c:a', 'aac', '-b:a', '160k'];
const OPUS = ['-c:a', 'libopus', '-b:a', '128k'];

/** What each video the command line writes holds: its muxer, its video codec, and the sound. */
interface Container {
  format: string;
  video: string[];
  /** Sound codecs it takes as they are, packet for packet; any other is encoded again with `audio`. */
  copies: (codec: string) => boolean;
  audio: string[];
}
const MP4: Container = { format: 'mp4', video: [...H264, '-movflags', '+faststart'], copies: (codec) => ['aac', 'mp3'].includes(codec), audio: AAC };
const CONTAINERS: Record<string, Container> = {
  '.mp4': MP4,
  '.m4v': MP4,
  '.mov': { ...MP4, format: 'mov' },
  '.mkv': { format: 'matroska', video: H264, copies: () => true, audio: AAC },
  '.webm': { format: 'webm', video: VP9, copies: (codec) => ['opus', 'vorbis'].includes(codec), audio: OPUS },
};
export const VIDEO_OUTPUTS = Object.keys(CONTAINERS);

/** Decoded and stylised frames are named so, from 0. */
const FRAME_PATTERN = 'frame-%06d.png';

/** Whether `input` is stylised as a clip when written to `output`. */
export function isClip(input: string, output: string): boolean {
  return CLIP_EXTENSIONS.includes(extname(input).toLowerCase()) || VIDEO_OUTPUTS.includes(extname(output).toLowerCase());
}

export interface ClipOptions {
  /** Frames a second; by default the clip's own, at most the app's default. */
  fps?: number;
  /** The part of the clip, in seconds; by default all of it. */
  start?: number;
  end?: number;
  /** Keep the work folder (the decoded and the stylised frames) after the video is written. */
  keepFrames?: boolean;
}

/** A clip checked and ready to stylise: what `planClip` found, what `stylizeVideo` does. */
export interface ClipPlan {
  clip: string;
  out: string;
  /** Undefined where the output is a folder of frames. */
  container?: Container;
  probe: ClipProbe;
  fps: number;
  start: number;
  end?: number;
  /** The frames' long side: the output size, made even for H.264 and VP9. */
  longSide: number;
  keepFrames: boolean;
  /** OUT.frames/: the work folder. */
  work: string;
}

/** Checks the clip and the options before anything is loaded: the sentence that says what is wrong, or the plan. */
export async function planClip(clip: string, out: string, options: ClipOptions, size: number): Promise<ClipPlan> {
  const outExtension = extname(out).toLowerCase();
  const container = CONTAINERS[outExtension];
  if (!container && outExtension && !existsSync(out)) {
    throw new Error(`a clip is written as a video (${VIDEO_OUTPUTS.join(', ')}) or into a folder of frames: ${out} is neither`);
  }
  const probe = await probeClip(clip);
  const start = options.start ?? 0;
  const end = options.end ?? probe.durationS;
  if (probe.durationS !== undefined && start >= probe.durationS) throw new Error(`--start ${start} is past the end of ${clip} (${probe.durationS.toFixed(2)} s)`);
  if (end !== undefined && end <= start) throw new Error(`--end ${end} is not after --start ${start}`);
  if (options.fps !== undefined && !(options.fps > 0)) throw new Error(`--fps needs a number above 0, got ${options.fps}`);
  return {
    clip,
    out,
    container,
    probe,
    fps: options.fps ?? Math.min(probe.fps, VIDEO_FRAME_RATES[0]),
    start,
    end,
    longSide: Math.max(2, 2 * Math.round(size / 2)),
    keepFrames: options.keepFrames ?? false,
    work: `${out.replace(/[/\\]+$/, '')}.frames`,
  };
}

/** The work folder's record: what it was begun with, and how many frames were decoded once decoding finished. */
interface WorkRecord {
  recipe: unknown;
  decoded?: number;
}

export interface VideoReport extends FramesReport {
  frames: number;
  /** What became of the clip's sound in the video. */
  sound: 'copied' | 'encoded' | 'none';
}

/**
 * Stylises the clip of `plan` with the paintings of `inputs` and `settings` (its size is the
 * plan's long side) into its output. `given` describes the inputs (the paintings' files, ...): a
 * work folder begun with another clip, other options or other inputs is started afresh.
 */
export async function stylizeVideo(
  vgg: Vgg19,
  plan: ClipPlan,
  inputs: Omit<StyleInputs, 'content'>,
  settings: StyleSettings,
  given: unknown,
  hooks: Parameters<typeof stylizeFrames>[5] = {},
): Promise<VideoReport> {
  const { clip, out, container, work, fps, start, end } = plan;
  const frameSettings = { ...settings, size: plan.longSide };
  const file = statSync(clip);
  const recipe = JSON.parse(JSON.stringify({ clip: { size: file.size, mtimeMs: file.mtimeMs }, fps, start, end, settings: frameSettings, given }));
  const inDir = join(work, 'in');
  const outDir = container ? join(work, 'out') : out;
  const recordPath = join(work, 'clip.json');
  const record: WorkRecord | undefined = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : undefined;
  const begun = record !== undefined && JSON.stringify(record.recipe) === JSON.stringify(recipe);

  if (record && !begun) {
    hooks.onNotice?.(`${work} was begun with another clip or other options: starting afresh`);
    rmSync(work, { recursive: true, force: true });
    if (!container) for (const name of frameFiles(out)) rmSync(join(out, name));
  } else if (!record && !container && existsSync(out) && frameFiles(out).length > 0) {
    throw new Error(`${out} already holds pictures: give a new folder, or empty this one`);
  }
  if (begun) hooks.onNotice?.(`resuming ${work}`);

  let frames = begun ? record.decoded : undefined;
  if (frames === undefined) {
    rmSync(inDir, { recursive: true, force: true });
    mkdirSync(inDir, { recursive: true });
    writeFileSync(recordPath, JSON.stringify({ recipe } satisfies WorkRecord, null, 1));
    await decodeClip(plan, inDir);
    frames = frameFiles(inDir).length;
    if (frames === 0) throw new Error(`${clip} gave no frames between ${start} s and ${end ?? 'its end'}`);
    writeFileSync(recordPath, JSON.stringify({ recipe, decoded: frames } satisfies WorkRecord, null, 1));
    hooks.onNotice?.(`${frames} frames decoded into ${inDir}`);
  }

  const report = await stylizeFrames(vgg, inDir, outDir, inputs, frameSettings, hooks);
  let sound: VideoReport['sound'] = 'none';
  if (container) sound = await encodeClip(plan, container, outDir, frames);
  if (!plan.keepFrames) rmSync(work, { recursive: true, force: true });
  return { ...report, frames, sound };
}

/** The clip's frames from `start` to `end`, `fps` a second, long side `longSide`, as PNGs in `dir`. */
async function decodeClip({ clip, fps, start, end, longSide }: ClipPlan, dir: string): Promise<void> {
  // -2: the other side keeps the aspect ratio, rounded to an even number. ffmpeg turns a phone's
  // upright clip before the filters, so iw and ih are as it is seen.
  const scale = `scale=w='if(gte(iw,ih),${longSide},-2)':h='if(gte(iw,ih),-2,${longSide})':flags=lanczos`;
  await ffmpeg([
    ...['-ss', String(start), '-i', clip],
    ...(end !== undefined ? ['-t', String(end - start)] : []),
    ...['-map', '0:v:0', '-an', '-vf', `fps=${fps},${scale},setsar=1`, '-start_number', '0', join(dir, FRAME_PATTERN)],
  ]);
}

/** Encodes the stylised frames of `dir` into the plan's output, with the clip's sound over the same time. */
async function encodeClip({ clip, out, fps, start, probe }: ClipPlan, container: Container, dir: string, frames: number): Promise<VideoReport['sound']> {
  const codec = probe.audioCodec;
  const sound = codec === undefined ? 'none' : container.copies(codec) ? 'copied' : 'encoded';
  // The sound of the frames' time span only: the video ends with its last frame.
  const audioInput = codec === undefined ? [] : ['-ss', String(start), '-t', String(frames / fps), '-i', clip];
  const audioOutput = codec === undefined ? [] : ['-map', '1:a:0', ...(sound === 'copied' ? ['-c:a', 'copy'] : container.audio)];
  // Written whole or not at all, as the frames are.
  const part = `${out}.part`;
  await ffmpeg([
    ...['-y', '-framerate', String(fps), '-start_number', '0', '-i', join(dir, FRAME_PATTERN), ...audioInput],
    ...['-map', '0:v:0', ...container.video, ...audioOutput, '-f', container.format, part],
  ]);
  renameSync(part, out);
  return sound;
}

/** The absolute path and the size and date of each file, to tell whether a work folder was begun with them. */
export function fileStamps(paths: (string | undefined)[]): unknown[] {
  return paths.map((path) => {
    if (!path) return undefined;
    const { size, mtimeMs } = statSync(path);
    return { path: resolve(path), size, mtimeMs };
  });
}
