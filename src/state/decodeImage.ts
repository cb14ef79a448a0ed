// Turns a dropped, chosen or pasted file into RGBA pixels, with messages a person understands.
import { hasTransparency, MAX_INPUT_PIXELS, PICTURE_MESSAGES, sniffFormat, SNIFF_BYTES } from '../engine/image/pictureFiles';
import type { RgbaImage } from '../worker/protocol';
import { MAX_INPUT_SIDE } from './options';

/** A file that cannot be used as an input; the message is meant for the user. */
export class ImageInputError extends Error {}

export interface DecodedImage {
  image: RgbaImage;
  /** The size of the file's picture, before any scaling down. */
  originalWidth: number;
  originalHeight: number;
  /** What a person should know about how the picture was taken in: scaled down, transparency on white. */
  notice?: string;
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
  if (file.size === 0) throw new ImageInputError(PICTURE_MESSAGES.empty(fileName));
  const format = sniffFormat(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
  // Browsers draw an SVG at whatever size they are asked: it is no photo or painting.
  if (format === 'SVG' || file.type === 'image/svg+xml') throw new ImageInputError(PICTURE_MESSAGES.svg(fileName));
  const url = URL.createObjectURL(file);
  const size = await headerSize(url).finally(() => URL.revokeObjectURL(url));
  if (!size?.width || !size.height) throw new ImageInputError(PICTURE_MESSAGES.undecodable(fileName, format, 'this browser'));
  if (size.width * size.height > MAX_INPUT_PIXELS) throw new ImageInputError(PICTURE_MESSAGES.tooLarge(fileName, size.width, size.height));

  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  let bitmap: ImageBitmap;
  try {
    // Decoding straight to the smaller size spares the memory of the full-size pixels. A phone
    // photo's EXIF orientation is applied first: the header size above is already upright.
    const resize = scale < 1 ? { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' as const } : {};
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', ...resize });
  } catch {
    // Browsers may decode at full size before scaling: past some hundred megapixels that fails.
    throw new ImageInputError(
      size.width * size.height > 100e6
        ? PICTURE_MESSAGES.tooLarge(fileName, size.width, size.height)
        : PICTURE_MESSAGES.undecodable(fileName, format, 'this browser'),
    );
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageInputError(`${fileName} could not be read: this browser gave no 2D canvas.`);
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const image = { width: bitmap.width, height: bitmap.height, data };
    const notes = [
      scale < 1 && `Scaled down from ${size.width}×${size.height} to ${image.width}×${image.height}.`,
      hasTransparency(image) && PICTURE_MESSAGES.transparent,
    ].filter(Boolean);
    return { image, originalWidth: size.width, originalHeight: size.height, notice: notes.join(' ') || undefined };
  } finally {
    bitmap.close();
  }
}
