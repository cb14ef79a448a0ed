// Saves the picture on show as a PNG at the full output size.
import type { RgbaImage } from '../worker/protocol';
import type { ResultImage } from '../state/store';
import { downloadBlob } from './downloadBlob';

export function toImageData({ width, height, data }: RgbaImage): ImageData {
  const pixels = new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.length);
  return new ImageData(pixels, width, height);
}

/** The result as a PNG, upscaled to the output size when the run was at an earlier, smaller scale. */
export async function encodeResultPng({ image, output }: ResultImage): Promise<Blob> {
  const frame = new OffscreenCanvas(image.width, image.height);
  frame.getContext('2d')!.putImageData(toImageData(image), 0, 0);
  if (image.width === output.width && image.height === output.height) return frame.convertToBlob({ type: 'image/png' });
  const full = new OffscreenCanvas(output.width, output.height);
  const context = full.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(frame, 0, 0, output.width, output.height);
  return full.convertToBlob({ type: 'image/png' });
}

export async function downloadResult(result: ResultImage): Promise<void> {
  downloadBlob(await encodeResultPng(result), result.downloadName);
}
