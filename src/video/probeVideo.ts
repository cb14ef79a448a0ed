// What a dropped video holds, read from its headers: enough to show it, choose settings and refuse it early.
import { ALL_FORMATS, BlobSource, Input, type InputVideoTrack } from 'mediabunny';
import { hasWebCodecs, VideoInputError, VIDEO_MESSAGES } from './videoMessages';

export interface VideoProbe {
  /** Seconds, from the file's start (0) to its last frame's end. */
  durationS: number;
  /** Display size: after rotation and non-square pixels. */
  width: number;
  height: number;
  /** The clip's own frame rate, as its timestamps show it. */
  fps: number;
  hasAudio: boolean;
  /** mediabunny's codec name ('avc', 'vp9', ...), null when unknown. */
  codec: string | null;
  audioCodec: string | null;
  canDecode: boolean;
  /** Set when the clip cannot be decoded here: the sentence for the user. */
  problem?: string;
}

/** The file as mediabunny input, or the sentence for a file that is not a video. Dispose it after use. */
export async function openVideo(file: Blob, name: string): Promise<{ input: Input; track: InputVideoTrack }> {
  if (!hasWebCodecs()) throw new VideoInputError(VIDEO_MESSAGES.noWebCodecs);
  if (file.size === 0) throw new VideoInputError(VIDEO_MESSAGES.empty(name));
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    if (!(await input.canRead())) throw new VideoInputError(VIDEO_MESSAGES.notVideo(name));
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new VideoInputError(VIDEO_MESSAGES.noVideoTrack(name));
    return { input, track };
  } catch (error) {
    input.dispose();
    // A file that looks like a container from outside but breaks inside reads as no video at all.
    throw error instanceof VideoInputError ? error : new VideoInputError(VIDEO_MESSAGES.notVideo(name));
  }
}

export async function probeVideo(file: Blob, name = file instanceof File ? file.name : 'The file'): Promise<VideoProbe> {
  const { input, track } = await openVideo(file, name);
  try {
    const [codec, canDecode, width, height, audio] = await Promise.all([
      track.getCodec(),
      track.canDecode(),
      track.getDisplayWidth(),
      track.getDisplayHeight(),
      input.getPrimaryAudioTrack(),
    ]);
    const [durationS, rate, audioCodec] = await Promise.all([
      input.computeDuration(),
      track.computeFrameRateMetrics(),
      audio ? audio.getCodec() : null,
    ]);
    return {
      durationS,
      width,
      height,
      fps: rate.bestGuessFrameRate,
      hasAudio: audio !== null,
      codec,
      audioCodec,
      canDecode,
      problem: canDecode ? undefined : VIDEO_MESSAGES.undecodable(name, codec),
    };
  } catch (error) {
    throw error instanceof VideoInputError ? error : new VideoInputError(VIDEO_MESSAGES.unreadable(name));
  } finally {
    input.dispose();
  }
}
