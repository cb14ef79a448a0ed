// The ffmpeg of the command line: a static build shipped inside the npm package
// @ffmpeg-installer/<platform> (nothing is downloaded at install), run as a child process.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The path of the ffmpeg binary, or the sentence why there is none on this platform. */
function ffmpegPath(): string {
  try {
    return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (error) {
    // The package throws a plain string on a platform it has no binary for.
    throw new Error(`no ffmpeg for this machine (${error instanceof Error ? error.message : String(error)}): run \`npm ci\` in the project`);
  }
}

/** ffmpeg's failure: its message ends with ffmpeg's last lines; `stderr` holds all it said. */
export class FfmpegError extends Error {
  constructor(readonly stderr: string) {
    super(`ffmpeg failed: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
}

/** Runs ffmpeg with `args`: what it said on stderr, or an FfmpegError. */
export async function ffmpeg(args: string[]): Promise<string> {
  const binary = ffmpegPath();
  try {
    const { stderr } = await run(binary, ['-hide_banner', '-nostdin', ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stderr;
  } catch (error) {
    throw new FfmpegError((error as { stderr?: string }).stderr || (error as Error).message);
  }
}

/** What the command line needs to know of a clip, read from ffmpeg's description of it. */
export interface ClipProbe {
  width: number;
  height: number;
  /** The video stream's frame rate. */
  fps: number;
  /** Undefined where ffmpeg does not know it (some streams). */
  durationS?: number;
  /** The first audio stream's codec as ffmpeg names it ("aac", "opus", "pcm_s16le"), if there is sound. */
  audioCodec?: string;
}

/** Reads `path` as a video, or throws the sentence that says why it is not one. */
export async function probeClip(path: string): Promise<ClipProbe> {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).size === 0) throw new Error(`${path} is empty`);
  // With no output ffmpeg describes its input on stderr and exits with 1: that is the answer.
  const description = await ffmpeg(['-i', path]).catch((error: Error) => (error instanceof FfmpegError ? error.stderr : Promise.reject(error)));
  if (/Invalid data found|could not find codec parameters|moov atom not found|EBML header parsing failed/i.test(description)) {
    throw new Error(`${path} is not a video ffmpeg can read (damaged, or not a video)`);
  }
  const streams = description.split('\n').filter((line) => /Stream #\d+:\d+/.test(line));
  // A song's cover art is a video stream of one picture: not a clip.
  const video = streams.find((line) => / Video: /.test(line) && !/attached pic/.test(line));
  const audio = streams.find((line) => / Audio: /.test(line));
  if (!video) throw new Error(`${path} holds no video stream${audio ? ', only sound' : ''}`);
  const size = / (\d{2,5})x(\d{2,5})[ ,]/.exec(video);
  const rate = /([\d.]+)(k?) fps/.exec(video) ?? /([\d.]+)(k?) tbr/.exec(video);
  if (!size || !rate) throw new Error(`${path}: ffmpeg gives no frame size or frame rate for its video (${video.trim()})`);
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(description);
  return {
    width: Number(size[1]),
    height: Number(size[2]),
    fps: Number(rate[1]) * (rate[2] ? 1000 : 1),
    durationS: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
    audioCodec: audio && / Audio: (\w+)/.exec(audio)?.[1],
  };
}
