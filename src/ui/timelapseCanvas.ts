// How a timelapse looks, whatever it is encoded as: its size, its pace, and the canvas its frames are drawn on.

export const TIMELAPSE_FPS = 12;
/** The finished picture stays on screen this long at the end. */
export const LAST_FRAME_HOLD_MS = 1000;

export interface TimelapseCanvas {
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
  /** Draws a frame over the whole canvas: frames of the early, smaller scales are scaled up. */
  draw(frame: ImageData): void;
}

/** A canvas the size of the last (largest) frame; the video stream needs a DOM canvas, not an OffscreenCanvas. */
export function createTimelapseCanvas(frames: readonly ImageData[]): TimelapseCanvas {
  const { width, height } = frames.at(-1)!;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  const scratch = new OffscreenCanvas(1, 1);
  const scratchContext = scratch.getContext('2d')!;
  return {
    canvas,
    context,
    draw(frame) {
      if (frame.width === width && frame.height === height) {
        context.putImageData(frame, 0, 0);
        return;
      }
      scratch.width = frame.width;
      scratch.height = frame.height;
      scratchContext.putImageData(frame, 0, 0);
      context.drawImage(scratch, 0, 0, width, height);
    },
  };
}
