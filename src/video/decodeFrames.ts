// A clip as the engine's pictures: one RGBA frame per instant of the chosen frame rate, at the chosen size.
import { CanvasSink } from 'mediabunny';
import type { RgbaImage } from '../engine/image/image';
import { frameSize, frameTimes, type ClipRange } from './frameTiming';
import { openVideo } from './probeVideo';
import { VideoInputError, VIDEO_MESSAGES } from './videoMessages';

export interface DecodeOptions {
  fps: number;
  /** The frames' long side in pixels; a smaller clip keeps its own size. */
  longSide: number;
  /** Seconds into the file; the whole clip by default. */
  start?: number;
  end?: number;
  /** The first frame to give, to resume a render: the ones before it are skipped without being drawn. */
  firstFrame?: number;
}

export interface DecodedFrame extends RgbaImage {
  data: Uint8ClampedArray;
  /** The frame's number in the range, from 0. */
  index: number;
  /** The instant it shows, in the file's seconds. */
  timestamp: number;
}

/** Canvases kept in turn by the sink: each frame's pixels are copied out before the next is drawn. */
const CANVAS_POOL = 2;

type AnyContext2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export async function* decodeFrames(file: Blob, options: DecodeOptions, name = file instanceof File ? file.name : 'The file'): AsyncGenerator<DecodedFrame> {
  const { input, track } = await openVideo(file, name);
  try {
    if (!(await track.canDecode())) throw new VideoInputError(VIDEO_MESSAGES.undecodable(name, await track.getCodec()));
    const [width, height, first, duration] = await Promise.all([track.getDisplayWidth(), track.getDisplayHeight(), track.getFirstTimestamp(), input.computeDuration()]);
    const range: ClipRange = { start: options.start ?? 0, end: Math.min(options.end ?? duration, duration), fps: options.fps };
    const size = frameSize(width, height, options.longSide);
    const sink = new CanvasSink(track, { ...size, fit: 'fill', poolSize: CANVAS_POOL });
    const firstFrame = options.firstFrame ?? 0;
    // A clip whose first frame starts a little after 0 shows that frame from 0.
    const times = frameTimes(range).slice(firstFrame);
    let index = firstFrame;
    try {
      for await (const wrapped of sink.canvasesAtTimestamps(times.map((time) => Math.max(time, first)))) {
        if (!wrapped) throw new VideoInputError(VIDEO_MESSAGES.unreadable(name));
        const context = wrapped.canvas.getContext('2d') as AnyContext2D;
        const { data } = context.getImageData(0, 0, size.width, size.height);
        yield { width: size.width, height: size.height, data, index, timestamp: times[index - firstFrame] };
        index++;
      }
    } catch (error) {
      throw error instanceof VideoInputError ? error : new VideoInputError(VIDEO_MESSAGES.unreadable(name));
    }
  } finally {
    input.dispose();
  }
}
