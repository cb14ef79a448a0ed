import { describe, expect, it } from 'vitest';
import { sniffFormat } from './pictureFiles';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));
/** An ISO media file's first box: size, 'ftyp', major brand, version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => bytes([0, 0, 0, 16 + 4 * compatible.length], 'ftyp', major, [0, 0, 0, 0], ...compatible);

describe('sniffFormat', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1])],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n')],
    ['GIF', bytes('GIF89a')],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    ['BMP', bytes('BM', [70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0])],
    ['TIFF', bytes('II*\0')],
    ['AVIF', ftyp('avif', 'mif1', 'miaf')],
    ['HEIC', ftyp('heic', 'mif1', 'heic')],
    // iPhones' HEIC: the generic HEIF brand first.
    ['HEIC', ftyp('mif1', 'heic')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['SVG', bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?>\n<!-- Inkscape -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>')],
  ])('tells %s from its first bytes', (format, head) => {
    expect(sniffFormat(head)).toBe(format);
  });

  it.each([
    ['a text', bytes('BMW service: Tuesday')],
    ['an HTML page with a drawing', bytes('<!DOCTYPE html><html><body><svg></svg>')],
    ['an MP4 video', ftyp('isom', 'iso2', 'mp41')],
    ['nothing', bytes()],
  ])('finds no picture in %s', (_, head) => {
    expect(sniffFormat(head)).toBeUndefined();
  });
});
