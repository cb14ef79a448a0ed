// Picture files as people have them: what kind a file is, told from its first bytes, and what to say
// when one cannot be used. Shared by the browser's decoder and the command line's, so both say the same.
// Plain TypeScript without tfjs: the UI imports it.
import type { RgbaImage } from './image';

export type PictureFormat = 'JPEG' | 'PNG' | 'GIF' | 'WebP' | 'AVIF' | 'HEIC' | 'BMP' | 'TIFF' | 'JPEG XL' | 'SVG';

/** sniffFormat needs no more than this many bytes from the start of a file. */
export const SNIFF_BYTES = 512;

/**
 * Larger pictures are refused from their header, before any pixel is decoded: a decompression bomb
 * (a few KB that decode to gigabytes) would otherwise run the tab or the command line out of memory.
 * 250 megapixels (1 GB of RGBA) still takes a 200-megapixel phone photo.
 */
export const MAX_INPUT_PIXELS = 250e6;

/** Where an ISO media file (HEIF's and AVIF's container) names its brands: 'ftyp', major, version, compatibles. */
function isoBrands(head: Uint8Array, text: string): string[] {
  const boxEnd = Math.min(text.length, (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]);
  const brands = [text.slice(8, 12)];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(text.slice(at, at + 4));
  return brands;
}

const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

/** The picture format of a file from its first bytes (up to SNIFF_BYTES), or undefined for anything else. */
export function sniffFormat(head: Uint8Array): PictureFormat | undefined {
  const text = String.fromCharCode(...head.subarray(0, SNIFF_BYTES));
  if (text.startsWith('\xff\xd8\xff')) return 'JPEG';
  if (text.startsWith('\x89PNG\r\n\x1a\n')) return 'PNG';
  if (text.startsWith('GIF87a') || text.startsWith('GIF89a')) return 'GIF';
  if (text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP') return 'WebP';
  if (text.startsWith('II*\0') || text.startsWith('MM\0*')) return 'TIFF';
  if (text.startsWith('\xff\x0a') || text.slice(4, 12) === 'JXL \r\n\x87\n') return 'JPEG XL';
  // 'BM' alone starts many texts: a BMP's second header also gives its own size, one of a few.
  if (text.startsWith('BM') && [12, 40, 52, 56, 64, 108, 124].includes(head[14]) && !head[15] && !head[16] && !head[17]) return 'BMP';
  if (text.slice(4, 8) === 'ftyp') {
    const brands = isoBrands(head, text);
    if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'AVIF';
    if (brands.some((brand) => HEIF_BRANDS.includes(brand))) return 'HEIC';
    return undefined;
  }
  // An SVG is XML text whose root element is <svg>, perhaps after a declaration, comments or a doctype.
  if (/^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text)) return 'SVG';
  return undefined;
}

/** Whether any pixel is less than opaque: such a picture is laid on white (imageToTensor), and people are told. */
export function hasTransparency({ data }: RgbaImage): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] < 255) return true;
  return false;
}

/** What each kind of refusal tells a person: the file's name, what is wrong, and what to do. */
export const PICTURE_MESSAGES = {
  transparent: 'Its transparent areas are painted as white.',
  empty: (name: string) => `${name} is empty (0 bytes): it may not have finished copying or downloading. Choose the file again.`,
  svg: (name: string) =>
    `${name} is an SVG drawing, which has no pixels of its own: export it as PNG or JPEG at the size you want, and use that.`,
  tooLarge: (name: string, width: number, height: number) =>
    `${name} is ${width}×${height} pixels (${Math.round((width * height) / 1e6)} megapixels), too many to open without running out of memory: ` +
    'scale it down (4000 pixels on the long side is plenty) and use that.',
  /** A file that `reader` (this browser, the command line) could not decode, said according to what its bytes are. */
  undecodable(name: string, format: PictureFormat | undefined, reader: string): string {
    if (!format) return `${name} is not a picture: its contents are in no image format. Choose a JPEG, PNG, WebP or AVIF file.`;
    if (format === 'HEIC' || format === 'TIFF' || format === 'JPEG XL') {
      return `${name} is in ${format} format, which ${reader} cannot open: export or convert it to JPEG, and use that.`;
    }
    return `${name} looks like ${format} but could not be decoded: it is damaged or incomplete. Save or download it again.`;
  },
};
