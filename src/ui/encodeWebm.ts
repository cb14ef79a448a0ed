// A timelapse as a WebM video: the frames are played on a canvas at a fixed pace while MediaRecorder records it.
import { createTimelapseCanvas, LAST_FRAME_HOLD_MS, TIMELAPSE_FPS } from './timelapseCanvas';

const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8'];

/** The WebM type this browser can record a canvas in, if any (Safari, for one, records MP4 only). */
export function supportedWebmType(): string | undefined {
  if (typeof MediaRecorder === 'undefined' || !('captureStream' in HTMLCanvasElement.prototype)) return undefined;
  return WEBM_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
}

/** Takes as long as the video lasts: the recorder stamps frames with the time they are drawn. */
export async function encodeWebm(frames: readonly ImageData[], mimeType: string): Promise<Blob> {
  const { canvas, draw } = createTimelapseCanvas(frames);
  // Frame rate 0: a frame is captured only when requested, right after each draw.
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const recorder = new MediaRecorder(stream, { mimeType });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  };
  const stopped = new Promise<void>((resolve, reject) => {
    recorder.onstop = () => resolve();
    recorder.onerror = () => reject(new Error('the browser’s video recorder failed'));
  });

  // The last frame is repeated through the hold, so that the video really shows it that long.
  const holdFrames = Math.round((LAST_FRAME_HOLD_MS / 1000) * TIMELAPSE_FPS);
  const shown = [...frames, ...Array<ImageData>(holdFrames).fill(frames.at(-1)!)];
  const frameMs = 1000 / TIMELAPSE_FPS;
  recorder.start();
  const start = performance.now();
  try {
    for (const [index, frame] of shown.entries()) {
      draw(frame);
      track.requestFrame();
      // Waits until this frame's slot ends, measured from the start, so timer delays do not add up.
      await new Promise((resolve) => setTimeout(resolve, start + (index + 1) * frameMs - performance.now()));
    }
  } finally {
    recorder.stop();
    stream.getTracks().forEach((streamTrack) => streamTrack.stop());
  }
  await stopped;
  return new Blob(chunks, { type: 'video/webm' });
}
