// Encodes a run's frames as a video file: WebM where the browser can record one, else an animated GIF.
import { encodeWebm, supportedWebmType } from './encodeWebm';

export interface EncodedTimelapse {
  blob: Blob;
  extension: 'webm' | 'gif';
}

export async function encodeTimelapse(frames: readonly ImageData[]): Promise<EncodedTimelapse> {
  const webmType = supportedWebmType();
  if (webmType) return { blob: await encodeWebm(frames, webmType), extension: 'webm' };
  const { encodeGif } = await import('./encodeGif');
  return { blob: await encodeGif(frames), extension: 'gif' };
}
