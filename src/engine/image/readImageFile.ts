// Picture files read in Node as the browser reads them, for the command line and the tests. sharp
// (libvips, native code) lives only here: the benchmark that scripts/gpu-check-pack.sh bundles for a
// machine without node_modules must not load it (its pictures travel decoded, as PNG: see png.ts).
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbaImage } from './image';
import { MAX_INPUT_PIXELS, PICTURE_MESSAGES, sniffFormat, SNIFF_BYTES } from './pictureFiles';

/**
 * Decodes a picture file as the browser does: upright (EXIF orientation), sRGB (CMYK and ICC profiles
 * converted), 8 bits, RGBA. libvips (sharp) reads JPEG, PNG, WebP, AVIF, GIF and TIFF; anything it
 * cannot, and SVG, empty and oversized files, are refused with PICTURE_MESSAGES' sentences.
 */
export async function readImageFile(path: string): Promise<RgbaImage> {
  const bytes = await readFile(path);
  if (bytes.length === 0) throw new Error(PICTURE_MESSAGES.empty(path));
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  if (format === 'SVG') throw new Error(PICTURE_MESSAGES.svg(path));
  // sharp's own pixel limit would refuse even the header without saying the size: MAX_INPUT_PIXELS is checked below.
  const picture = sharp(bytes, { autoOrient: true, limitInputPixels: false });
  const undecodable = () => {
    throw new Error(PICTURE_MESSAGES.undecodable(path, format, 'the command line'));
  };
  const { width, height } = (await picture.metadata().catch(undecodable)).autoOrient;
  if (width * height > MAX_INPUT_PIXELS) throw new Error(PICTURE_MESSAGES.tooLarge(path, width, height));
  const { data, info } = await picture
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(undecodable);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
