// Which instants of a clip become frames, and at what size: the numbering every video module shares.

/** A clip's part to render, in seconds from the file's start, and how densely it is sampled. */
export interface ClipRange {
  /** Inclusive. */
  start: number;
  /** Exclusive. */
  end: number;
  fps: number;
}

/** Slack for times computed in floating point: 0.1 s × 30 fps is 3.0000000000000004 frames. */
const TIME_EPSILON = 1e-6;

/** How many frames the range holds: every instant start + i / fps before its end, at least one. */
export function frameCount({ start, end, fps }: ClipRange): number {
  if (!(fps > 0) || !(end > start)) throw new RangeError(`no frames between ${start} s and ${end} s at ${fps} fps`);
  return Math.max(1, Math.ceil((end - start) * fps - TIME_EPSILON));
}

/** The instant, in the file's seconds, that frame `index` shows. */
export function frameTime({ start, fps }: ClipRange, index: number): number {
  return start + index / fps;
}

/** Every frame's instant, in order. */
export function frameTimes(range: ClipRange): number[] {
  return Array.from({ length: frameCount(range) }, (_, index) => frameTime(range, index));
}

/**
 * The frames' size: the clip's own, scaled down (never up) so its long side fits `longSide`, each side
 * even, since H.264 and VP8/VP9 store colour at half resolution.
 */
export function frameSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height));
  const even = (side: number) => Math.max(2, 2 * Math.round((side * scale) / 2));
  return { width: even(width), height: even(height) };
}
