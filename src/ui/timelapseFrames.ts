// The frames of one run, kept for its timelapse: small, and never too many.
import type { RgbaImage } from '../worker/protocol';
import { toImageData } from './savePng';

/** Long side of a kept frame: enough for a timelapse, and bounds the memory a long run takes. */
export const TIMELAPSE_MAX_SIDE = 512;
/** Kept frames at most (25 s at 12 fps); when full, every other one goes, so the whole run stays covered. */
export const MAX_TIMELAPSE_FRAMES = 300;

function downscale(image: RgbaImage): ImageData {
  const scale = TIMELAPSE_MAX_SIDE / Math.max(image.width, image.height);
  // Frames come from the worker and are never changed afterwards: small ones are kept as they are.
  if (scale >= 1) return toImageData(image);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext('2d')!.putImageData(toImageData(image), 0, 0);
  const target = new OffscreenCanvas(width, height).getContext('2d')!;
  target.imageSmoothingQuality = 'high';
  target.drawImage(source, 0, 0, width, height);
  return target.getImageData(0, 0, width, height);
}

export class TimelapseFrames {
  private kept: ImageData[] = [];
  /** The newest frame, kept even when thinning skips it: a timelapse ends on the latest picture. */
  private latest: ImageData | undefined;
  /** Every `stride`-th frame offered is kept; it doubles each time the list fills up. */
  private stride = 1;
  private offered = 0;

  add(image: RgbaImage): void {
    const frame = downscale(image);
    this.latest = frame;
    if (this.offered++ % this.stride !== 0) return;
    this.kept.push(frame);
    if (this.kept.length >= MAX_TIMELAPSE_FRAMES) {
      this.kept = this.kept.filter((_, index) => index % 2 === 0);
      this.stride *= 2;
    }
  }

  /** The frames in order, ending on the latest one; a copy, so frames that arrive later do not change it. */
  frames(): ImageData[] {
    const last = this.kept.at(-1);
    return this.latest && this.latest !== last ? [...this.kept, this.latest] : [...this.kept];
  }

  get count(): number {
    return this.frames().length;
  }
}
