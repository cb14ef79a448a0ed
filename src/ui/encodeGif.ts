// A timelapse as an animated GIF, for browsers that cannot record WebM. Loaded only when needed.
import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import { createTimelapseCanvas, LAST_FRAME_HOLD_MS, TIMELAPSE_FPS } from './timelapseCanvas';

export async function encodeGif(frames: readonly ImageData[]): Promise<Blob> {
  const { canvas, context, draw } = createTimelapseCanvas(frames);
  const { width, height } = canvas;
  const gif = GIFEncoder();
  for (const [index, frame] of frames.entries()) {
    draw(frame);
    const { data } = context.getImageData(0, 0, width, height);
    // Each frame gets its own palette: the colours change a lot over a run.
    const palette = quantize(data, 256);
    const last = index === frames.length - 1;
    gif.writeFrame(applyPalette(data, palette), width, height, {
      palette,
      delay: last ? LAST_FRAME_HOLD_MS : 1000 / TIMELAPSE_FPS,
    });
    // Lets the page repaint and take input between frames: a long run has hundreds.
    await new Promise((resolve) => setTimeout(resolve));
  }
  gif.finish();
  return new Blob([gif.bytes()], { type: 'image/gif' });
}
