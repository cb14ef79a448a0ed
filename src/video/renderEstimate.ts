// How long a clip takes to repaint, and the sentence that asks for a shorter one.
import { frameCount, type ClipRange } from './frameTiming';

/** The longest render the app starts: a CPU repaints a minute of video in about an hour. */
export const MAX_VIDEO_RENDER_SECONDS = 60 * 60;

export interface RenderEstimate {
  frames: number;
  seconds: number;
  /** The longest clip, in seconds, that renders within MAX_VIDEO_RENDER_SECONDS at these settings. */
  longestClipSeconds: number;
  /** Set when the clip is too long: what it would take and how to shorten it. */
  tooLong?: string;
}

/** Rounded the way a person says it: "about 3 minutes", "about 2 hours". */
function aboutMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 120) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 60)} hours`;
}

export function renderEstimate(range: ClipRange, secondsPerFrame: number): RenderEstimate {
  const frames = frameCount(range);
  const seconds = frames * secondsPerFrame;
  const longestClipSeconds = Math.floor(MAX_VIDEO_RENDER_SECONDS / secondsPerFrame) / range.fps;
  if (seconds <= MAX_VIDEO_RENDER_SECONDS) return { frames, seconds, longestClipSeconds };
  const clip = (range.end - range.start).toFixed(1);
  // Rounded down, so a clip of the length said does fit.
  const longest = Math.floor(longestClipSeconds * 10) / 10;
  const shorten =
    longest > 0
      ? `shorten it to ${longest.toFixed(1)} s or less with the start and end, or choose a lower frame rate or a smaller size.`
      : 'even one frame takes too long at this size, so choose a smaller size.';
  return {
    frames,
    seconds,
    longestClipSeconds,
    tooLong: `This ${clip} s clip would take ${aboutMinutes(seconds)} (${frames} frames at ${secondsPerFrame.toFixed(1)} s each): ${shorten}`,
  };
}
