// Turns a dropped, chosen or pasted file into RGBA pixels, with messages a person understands.
import type { RgbaImage } from '../worker/protocol';
import { MAX_INPUT_SIDE } from './options';

/** A file that cannot be used as an input; the message is meant for the user. */
export class ImageInputError extends Error {}

export interface DecodedImage {
  image: RgbaImage;
  /** The size of the file's picture, before any scaling down. */
  originalWidth: number;
  originalHeight: number;
}

/** The picture's size from its header, without decoding every pixel (cheap even for huge files). */
function headerSize(url: string): Promise<{ width: number; height: number } | undefined> {
  return new Promise((resolve) => {
    const probe = new Image();
    probe.onload = () => resolve({ width: probe.naturalWidth, height: probe.naturalHeight });
    probe.onerror = () => resolve(undefined);
    probe.src = url;
  });
}

export async function decodeImage(file: Blob, fileName: string, maxSide = MAX_INPUT_SIDE): Promise<DecodedImage> {
  if (file.type && !file.type.startsWith('image/')) throw new ImageInputError(`${fileName} is not an image.`);
  if (file.size === 0) throw new ImageInputError(`${fileName} is empty.`);
  const url = URL.createObjectURL(file);
  const size = await headerSize(url).finally(() => URL.revokeObjectURL(url));
  if (!size) throw new ImageInputError(`${fileName} is not an image this browser can read.`);
  if (!size.width || !size.height) throw new ImageInputError(`${fileName} has no size (an SVG without width and height?).`);

  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  let bitmap: ImageBitmap;
  try {
    // Decoding straight to the smaller size spares the memory of the full-size pixels.
    bitmap = await createImageBitmap(file, scale < 1 ? { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' } : {});
  } catch {
    // Browsers may decode at full size before scaling: past some hundred megapixels that fails.
    const megapixels = (size.width * size.height) / 1e6;
    throw new ImageInputError(
      megapixels > 100
        ? `${fileName} is too large to decode in this browser (${size.width}×${size.height}).`
        : `${fileName} is damaged or incomplete: its pixels could not be decoded.`,
    );
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageInputError(`${fileName} could not be read: this browser gave no 2D canvas.`);
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { image: { width: bitmap.width, height: bitmap.height, data }, originalWidth: size.width, originalHeight: size.height };
  } finally {
    bitmap.close();
  }
}
