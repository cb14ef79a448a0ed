// How long a clip takes to repaint, and the sentence that asks for a shorter one.
import { frameCount, type ClipRange } from './frameTiming';

/**
 * The longest render the app starts: a night. A render resumes after a reload, so a long one loses
 * nothing, but a CPU repaints only about a minute of video an hour: past this, a shorter part is the answer.
 */
export const MAX_VIDEO_RENDER_SECONDS = 8 * 60 * 60;

/** Seconds a clip's first frame takes (every scale, from scratch) and each frame after it (carried on from the one before). */
export interface FramePace {
  first: number;
  later: number;
}

export interface RenderEstimate {
  frames: number;
  /** The frames still to paint: those of the range not kept yet. */
  toPaint: number;
  /** How long those take. */
  seconds: number;
  /** The longest clip, in seconds, that renders within MAX_VIDEO_RENDER_SECONDS at these settings. */
  longestClipSeconds: number;
  /** Set when the clip is too long: what it would take and how to shorten it. */
  tooLong?: string;
}

/** Rounded the way a person says it: "about 3 minutes", "about 20 hours". */
function aboutMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 120) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 60)} hours`;
}

const hours = (seconds: number) => `${Math.round(seconds / 3600)} hours`;

/**
 * How long the range takes when its first `done` frames are kept already: those are not painted
 * again, and the frame after them carries on from the last. A render begun is never too long: it
 * was started within the limit, and only its pace has changed since.
 */
export function renderEstimate(range: ClipRange, pace: FramePace, done = 0): RenderEstimate {
  const frames = frameCount(range);
  const toPaint = Math.max(0, frames - done);
  const longestFrames = pace.first > MAX_VIDEO_RENDER_SECONDS ? 0 : 1 + Math.floor((MAX_VIDEO_RENDER_SECONDS - pace.first) / pace.later);
  const longestClipSeconds = longestFrames / range.fps;
  if (done > 0) return { frames, toPaint, seconds: toPaint * pace.later, longestClipSeconds };
  const seconds = pace.first + (frames - 1) * pace.later;
  if (seconds <= MAX_VIDEO_RENDER_SECONDS) return { frames, toPaint, seconds, longestClipSeconds };
  const clip = (range.end - range.start).toFixed(1);
  // Rounded down, so a clip of the length said does fit.
  const longest = Math.floor(longestClipSeconds * 10) / 10;
  const shorten =
    longest > 0
      ? `Shorten it to ${longest.toFixed(1)} s or less with From and To, or choose a lower frame rate or a smaller frame size.`
      : 'Even one frame takes longer than that at this size: choose a smaller frame size.';
  const each = (seconds / frames).toFixed(1);
  return {
    frames,
    toPaint,
    seconds,
    longestClipSeconds,
    tooLong: `Too long: this ${clip} s clip would take ${aboutMinutes(seconds)} on this device (${frames} frames at ${each} s each), and a render may take ${hours(MAX_VIDEO_RENDER_SECONDS)} at most. ${shorten}`,
  };
}
