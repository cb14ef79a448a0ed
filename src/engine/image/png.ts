// RGBA pictures as PNG in Node, in plain JavaScript (pngjs): the command line's output, and the
// benchmark's pictures decoded ahead for a machine without sharp (scripts/gpuCheckStage.ts).
import { PNG } from 'pngjs';
import type { RgbaImage } from './image';

export function encodePng({ width, height, data }: RgbaImage): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
  return PNG.sync.write(png);
}

/** The RGBA pixels of a PNG that encodePng wrote. */
export function decodePng(bytes: Buffer): RgbaImage {
  const { width, height, data } = PNG.sync.read(bytes);
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
