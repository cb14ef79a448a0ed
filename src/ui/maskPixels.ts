// Conversions between a mask (grey levels, see MaskImage) and the pictures the editor shows.
import type { RgbaImage } from '../worker/protocol';

/** The colour that marks "style here" over the photo (shown semi-transparent). */
export const MASK_TINT = { red: 230, green: 30, blue: 70 } as const;

/** The editor's canvas to a mask: its opacity is the mask's grey level. */
export function maskFromAlpha(data: RgbaImage['data'], width: number, height: number): RgbaImage {
  const grey = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i += 4) {
    grey[i] = grey[i + 1] = grey[i + 2] = data[i + 3];
    grey[i + 3] = 255;
  }
  return { width, height, data: grey };
}

/** A mask to the editor's tint: opaque where the style applies, clear where the photo stays. */
export function maskToTint({ width, height, data }: RgbaImage): ImageData {
  const tint = new ImageData(width, height);
  for (let i = 0; i < tint.data.length; i += 4) {
    tint.data[i] = MASK_TINT.red;
    tint.data[i + 1] = MASK_TINT.green;
    tint.data[i + 2] = MASK_TINT.blue;
    tint.data[i + 3] = data[i];
  }
  return tint;
}

/** How much of the photo takes the style, 0..1 (a grey pixel counts in part). */
export function maskCoverage({ data }: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i];
  return sum / ((data.length / 4) * 255);
}
