// Finished frames to a video file: MP4 with H.264 where the browser can encode it, WebM with VP9 or
// VP8 otherwise, with the original clip's sound for the same stretch of time.
import { BufferTarget, canEncodeVideo, Mp4OutputFormat, Output, Quality, VideoSample, VideoSampleSource, WebMOutputFormat, type VideoCodec } from 'mediabunny';
import type { RgbaImage } from '../engine/image/image';
import { clipAudio, type AudioOutcome } from './clipAudio';
import { hasWebCodecs, VideoInputError, VIDEO_MESSAGES } from './videoMessages';

export type VideoContainer = 'mp4' | 'webm';

export interface EncodeOptions {
  fps: number;
  /** The clip whose sound goes with the frames, from `start` to `end` (its seconds). */
  audioFrom?: Blob;
  start?: number;
  end?: number;
  /** Only this container; by default MP4 where H.264 encodes, else WebM. */
  container?: VideoContainer;
  /** Called after each frame is encoded, with how many are done. */
  onFrame?: (done: number) => void;
}

export interface EncodedVideo {
  blob: Blob;
  mimeType: string;
  extension: VideoContainer;
  videoCodec: VideoCodec;
  audio: AudioOutcome;
  /** What the user should know: the sound could not be kept. */
  notice?: string;
}

/** In the order they are preferred: H.264 MP4 plays everywhere, VP9 is smaller than VP8. */
const CANDIDATES: { container: VideoContainer; codec: VideoCodec }[] = [
  { container: 'mp4', codec: 'avc' },
  { container: 'webm', codec: 'vp9' },
  { container: 'webm', codec: 'vp8' },
];

const QUALITY = new Quality('high');

/** The first container and codec this browser encodes at this size. */
export async function chooseVideoFormat(width: number, height: number, fps: number, only?: VideoContainer): Promise<{ container: VideoContainer; codec: VideoCodec }> {
  if (!hasWebCodecs()) throw new VideoInputError(VIDEO_MESSAGES.noWebCodecs);
  for (const candidate of CANDIDATES.filter(({ container }) => !only || container === only)) {
    if (await canEncodeVideo(candidate.codec, { width, height, frameRate: fps, quality: QUALITY })) return candidate;
  }
  throw new VideoInputError(VIDEO_MESSAGES.noEncoder);
}

export async function encodeVideo(frames: AsyncIterable<RgbaImage> | Iterable<RgbaImage>, options: EncodeOptions): Promise<EncodedVideo> {
  const iterator = Symbol.asyncIterator in frames ? frames[Symbol.asyncIterator]() : frames[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) throw new RangeError('a video needs at least one frame');
  const { width, height } = first.value;
  const { fps } = options;
  const { container, codec } = await chooseVideoFormat(width, height, fps, options.container);
  const format = container === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat();
  const output = new Output({ format, target: new BufferTarget() });
  const video = new VideoSampleSource({ codec, quality: QUALITY });
  output.addVideoTrack(video, { frameRate: fps });
  const start = options.start ?? 0;
  const audio = await clipAudio(options.audioFrom, format, start, options.end ?? Infinity);
  if (audio.source) output.addAudioTrack(audio.source);

  const feedVideo = async () => {
    let index = 0;
    for (let next: IteratorResult<RgbaImage> = first; !next.done; next = await iterator.next()) {
      const frame = next.value;
      if (frame.width !== width || frame.height !== height) throw new RangeError(`frame ${index} is ${frame.width}×${frame.height}, not ${width}×${height}`);
      const sample = new VideoSample(frame.data, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: index / fps, duration: 1 / fps });
      try {
        await video.add(sample);
      } finally {
        sample.close();
      }
      index++;
      options.onFrame?.(index);
    }
    video.close();
  };
  try {
    await output.start();
    // Side by side, so the muxer can interleave the two tracks as it goes.
    await Promise.all([feedVideo(), audio.feed()]);
    await output.finalize();
  } catch (error) {
    if (output.state !== 'finalized') await output.cancel();
    // Lets the frames' source (the frame store, a decoder) close what it holds open.
    await iterator.return?.();
    throw error;
  } finally {
    audio.dispose();
  }
  const mimeType = await output.getMimeType();
  return { blob: new Blob([output.target.buffer!], { type: mimeType }), mimeType, extension: container, videoCodec: codec, audio: audio.outcome, notice: audio.notice };
}
