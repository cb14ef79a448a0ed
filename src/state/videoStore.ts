// The clip on the photo box and its render: what the video panel shows. The render loop is videoRender.ts.
import { create } from 'zustand';
import type { VideoProbe } from '../video/probeVideo';

/** The frames' long side the video panel offers; the first is the default (a CPU paints it in seconds). */
export const VIDEO_SIZES = [256, 384, 512, 128] as const;
/** Frame rates offered: a style transfer of every frame of a 30 fps clip takes long, so fewer is the default. */
export const VIDEO_FRAME_RATES = [12, 6, 15, 24, 30] as const;

export interface VideoOptions {
  fps: number;
  /** The frames' long side, in pixels. */
  longSide: number;
  /** The part of the clip to render, in seconds. */
  start: number;
  end: number;
  /** Ruder et al.'s long-term temporal term: each frame also held to frames t−2 and t−4 (steadier where something passes in front, slower). */
  longTerm: boolean;
}

export interface VideoClip {
  file: Blob;
  fileName: string;
  /** The file's name without its extension, for the download. */
  name: string;
  lastModified?: number;
  probe: VideoProbe;
  /** Object URL of the file, for its preview. */
  previewUrl: string;
}

export type VideoRenderPhase = 'rendering' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'done' | 'failed';

export interface VideoRender {
  phase: VideoRenderPhase;
  /** The frames of the chosen range. */
  frames: number;
  /** The frames finished and kept on this device. */
  done: number;
  /** The frame being painted, from 0. */
  current?: number;
  /** The mean seconds a frame took in this render so far (the first frame, with all scales, aside). */
  secondsPerFrame?: number;
  /** Small pictures of the finished frames, newest last (object URLs). */
  filmstrip: { index: number; url: string }[];
}

export interface VideoState {
  clip?: VideoClip;
  options: VideoOptions;
  render?: VideoRender;
  /** The frames already kept for this clip at these settings: a render continues after them. */
  storedFrames: number;
  /** True while the video file is being made for the download. */
  encoding: boolean;
  /** The sentence for a file that is no video, a codec this browser cannot decode, and the like. */
  error?: string;
}

export const useVideoStore = create<VideoState>(() => ({
  options: { fps: VIDEO_FRAME_RATES[0], longSide: VIDEO_SIZES[0], start: 0, end: 0, longTerm: false },
  storedFrames: 0,
  encoding: false,
}));

export function isVideoRenderActive(render: VideoRender | undefined): boolean {
  return render !== undefined && ['rendering', 'pausing', 'paused', 'stopping'].includes(render.phase);
}
