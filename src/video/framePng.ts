// A finished frame as a PNG file and back: lossless, so a resumed render encodes exactly what was painted,
// and a third of the raw pixels' size or less.
import type { RgbaImage } from '../engine/image/image';

function context(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser gave no 2D canvas to store video frames with');
  return context;
}

export async function frameToPng({ width, height, data }: RgbaImage): Promise<Blob> {
  const canvas = context(width, height);
  const pixels = new ImageData(width, height);
  pixels.data.set(data);
  canvas.putImageData(pixels, 0, 0);
  return canvas.canvas.convertToBlob({ type: 'image/png' });
}

export async function pngToFrame(png: Blob): Promise<RgbaImage> {
  // No colour management: the frame's numbers come back as they were stored.
  const bitmap = await createImageBitmap(png, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = context(bitmap.width, bitmap.height);
    canvas.drawImage(bitmap, 0, 0);
    const { data } = canvas.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data };
  } finally {
    bitmap.close();
  }
}
